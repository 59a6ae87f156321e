package dev.qualify.connectors.command;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.CommandResult;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.support.ProcessRunner;
import dev.qualify.api.driver.Placeholders;

import dev.qualify.api.support.Secrets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one expanded {@link CommandSpec} for a step (build, flash, power) and turns a bad outcome into an
 * {@link InfrastructureException}: {@code <step>-failed} for a non-zero exit with the output's tail,
 * {@code <step>-timeout} at the deadline. A failure is never reported as a timeout.
 *
 * <p>Secrets (values substituted from secret placeholders, and {@code env} values whose name is secret) are
 * masked in the logged command line and in the output tail an error message carries; the engine masks them again
 * in everything it writes.
 */
final class CommandExecution {
    private static final int TAIL_LINES = 20;

    private CommandExecution() {
    }

    static CommandResult runStep(String step, CommandSpec spec, Map<String, Object> extra, DriverContext ctx) {
        Command command;
        Placeholders placeholders = ctx.placeholders(extra);
        try {
            command = spec.expand(placeholders, ctx.timeoutMultiplier());
        } catch (IllegalArgumentException e) {
            throw new InfrastructureException(step + "-failed", step + " command of device " + ctx.deviceId() + ": " + e.getMessage());
        }
        ctx.transcript().note(step);
        Set<String> secrets = secrets(placeholders, command);
        CommandResult r = new ProcessRunner(ctx.processes()).run(command, ctx.transcript(), secrets);
        if (r.timedOut()) {
            throw new InfrastructureException(step + "-timeout", step + " command " + command.argv().get(0)
                    + " did not finish within " + command.timeout().toMillis() + " ms and was killed with its children; last output:\n"
                    + mask(ProcessRunner.tail(r.stdout() + r.stderr(), TAIL_LINES), secrets));
        }
        if (r.exitCode() != 0) {
            throw new InfrastructureException(step + "-failed", step + " command " + command.argv().get(0) + " exited with "
                    + r.exitCode() + " after " + r.duration().toMillis() + " ms; last output:\n"
                    + mask(ProcessRunner.tail((r.stdout() + "\n" + r.stderr()).strip(), TAIL_LINES), secrets));
        }
        return r;
    }

    /** The secret values of an expanded command: from secret placeholders, and env values with a secret name. */
    static Set<String> secrets(Placeholders placeholders, Command command) {
        Set<String> out = new LinkedHashSet<>(placeholders.secretValues());
        command.env().forEach((k, v) -> {
            if (Secrets.isSecretKey(k) && v != null && !v.isEmpty()) out.add(v);
        });
        return out;
    }

    /** {@code text} with every secret replaced by {@code <redacted>}, longest first. */
    static String mask(String text, Set<String> secrets) {
        List<String> longestFirst = new ArrayList<>(secrets);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        for (String s : longestFirst) if (!s.isEmpty()) text = text.replace(s, Secrets.REDACTED);
        return text;
    }

}
