package dev.qualify.core.engine;

import dev.qualify.core.config.ResourceSpec;
import dev.qualify.core.device.ConfiguredDevice;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.device.Command;
import dev.qualify.api.device.CommandResult;
import dev.qualify.api.device.Console;
import dev.qualify.api.device.Device;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.device.Shell;
import dev.qualify.core.process.JsonPathPlaceholders;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks that a device answers, without running any test: powers it on when it has power control, opens its
 * console and waits for any byte (after poking it with an empty line), runs {@code echo} through its shell, and
 * checks that its build and flash programs exist and are executable. Powers it off afterwards.
 */
public final class DeviceCheck {
    /** One aspect's verdict: {@code ok} and a short detail, or the reason it failed. */
    public record Aspect(boolean ok, String detail) {
    }

    /** The verdicts for one device, in check order; aspects the device has no config for are absent. */
    public record Result(String deviceId, Map<String, Aspect> aspects) {
        public boolean ok() {
            return aspects.values().stream().allMatch(Aspect::ok);
        }
    }

    private static final Pattern ANY_OUTPUT = Pattern.compile("[\\s\\S]");
    private final Duration wait;

    /** @param wait how long to wait for console output and for the shell command */
    public DeviceCheck(Duration wait) {
        this.wait = wait;
    }

    public Result check(ConfiguredDevice device) {
        Map<String, Aspect> aspects = new LinkedHashMap<>();
        for (String step : List.of("build", "flash")) {
            ResourceSpec r = device.spec().resources().get(step);
            if (r != null) aspects.put(step, program(device, r));
        }
        try {
            if (device.has(PowerControl.class)) {
                aspects.put("power", attempt(() -> {
                    device.require(PowerControl.class).on();
                    return "on";
                }));
            }
            if (device.has(Console.class)) aspects.put("console", attempt(() -> console(device.require(Console.class))));
            if (device.has(Shell.class)) aspects.put("shell", attempt(() -> shell(device.require(Shell.class))));
        } finally {
            device.close();
            device.capability(PowerControl.class).ifPresent(p -> {
                try {
                    p.off();
                } catch (RuntimeException ignored) {
                    // the power verdict above already says what went wrong
                }
            });
        }
        return new Result(device.id(), aspects);
    }

    private String console(Console c) {
        c.sendLine("");
        c.expect(ANY_OUTPUT, wait);
        String seen = c.lastSeen();
        return c.name() + (seen.isEmpty() ? ": answered" : ": saw \"" + (seen.length() > 40 ? seen.substring(0, 40) + "..." : seen) + "\"");
    }

    private String shell(Shell s) {
        CommandResult r = s.run(Command.of(wait, "echo", "qualify-check"));
        if (r.timedOut()) throw new InfrastructureException("timeout", "echo did not return within " + wait.toMillis() + " ms");
        if (r.exitCode() != 0 || !r.stdout().contains("qualify-check")) {
            throw new InfrastructureException("shell-failed", "echo exited with " + r.exitCode() + ": " + r.stderr().strip());
        }
        return "echo ok in " + r.duration().toMillis() + " ms";
    }

    private static Aspect program(ConfiguredDevice device, ResourceSpec r) {
        Object command = r.settings().get("command");
        if (!(command instanceof List<?> argv) || argv.isEmpty()) return new Aspect(true, r.type() + " driver");
        if (Boolean.TRUE.equals(r.settings().get("shell"))) return new Aspect(true, "runs through /bin/sh");
        Map<String, Object> ctx = new HashMap<>(device.context().placeholderValues());
        ctx.put("device", device.context().deviceJson());
        String program;
        try {
            program = new JsonPathPlaceholders(ctx).expand(String.valueOf(argv.get(0)));
        } catch (IllegalArgumentException e) {
            return new Aspect(true, "cannot check before a run: " + e.getMessage());
        }
        Path found = locate(program);
        if (found == null) return new Aspect(false, program + " not found" + (program.contains("/") ? "" : " on PATH"));
        if (!Files.isExecutable(found)) return new Aspect(false, found + " is not executable (chmod +x)");
        return new Aspect(true, found.toString());
    }

    private static Path locate(String program) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.exists(p) ? p : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.exists(p)) return p;
        }
        return null;
    }

    private interface Step {
        String run();
    }

    private static Aspect attempt(Step step) {
        try {
            return new Aspect(true, step.run());
        } catch (InfrastructureException e) {
            return new Aspect(false, e.getMessage().lines().findFirst().orElse(e.type()));
        } catch (RuntimeException e) {
            return new Aspect(false, e.toString());
        }
    }
}
