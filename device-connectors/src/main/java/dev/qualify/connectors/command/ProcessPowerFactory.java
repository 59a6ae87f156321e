package dev.qualify.connectors.command;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.device.PowerControl;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.driver.Placeholders;
import dev.qualify.api.support.Quoting;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code power: {type: process, command: [...]}}: the device is a process we own (a simulator, an emulator).
 * Power on starts it, power off kills its whole tree; its output goes to the transcript. A process that dies by
 * itself is noticed at the next {@code on}, which starts a new one.
 */
public final class ProcessPowerFactory implements DriverFactory<PowerControl> {
    private static final Duration KILL_GRACE = Duration.ofSeconds(3);

    @Override
    public Class<PowerControl> capability() {
        return PowerControl.class;
    }

    @Override
    public String type() {
        return "process";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        new Settings(settings).allowOnly(Set.of("command", "env")).argv("command");
    }

    @Override
    public PowerControl create(Map<String, Object> settings, DriverContext ctx) {
        Settings s = new Settings(settings);
        List<String> template = s.argv("command");
        Map<String, String> env = s.stringMap("env");
        return new PowerControl() {
            private Process process;

            @Override
            public synchronized void on() {
                if (process != null && process.isAlive()) return;
                List<String> argv;
                Placeholders placeholders = ctx.placeholders(Map.of());
                try {
                    argv = placeholders.expand(template);
                } catch (IllegalArgumentException e) {
                    throw new InfrastructureException("power-failed", "power command of device " + ctx.deviceId() + ": " + e.getMessage());
                }
                ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().putAll(env);
                ctx.transcript().note("power on: " + Quoting.display(argv, placeholders.secretValues()));
                try {
                    process = ctx.processes().register(pb.start());
                } catch (IOException e) {
                    throw new InfrastructureException("power-failed", "cannot start " + argv.get(0) + " for device "
                            + ctx.deviceId() + ": " + e.getMessage());
                }
                Thread pump = new Thread(() -> pump(process.getInputStream()), "power-output " + ctx.deviceId());
                pump.setDaemon(true);
                pump.start();
            }

            @Override
            public synchronized void off() {
                if (process == null) return;
                ctx.transcript().note("power off: killing pid " + process.pid() + " and its children");
                ProcessRegistry.destroyTree(process, KILL_GRACE);
                ctx.processes().unregister(process);
                process = null;
            }

            private void pump(InputStream in) {
                byte[] buf = new byte[4096];
                try {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        ctx.transcript().note("[board process] " + new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8).stripTrailing());
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }
        };
    }

}
