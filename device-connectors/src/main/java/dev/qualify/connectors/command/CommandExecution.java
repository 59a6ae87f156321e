package dev.qualify.connectors.command;

import dev.qualify.api.device.Command;
import dev.qualify.api.device.CommandResult;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.support.ProcessRunner;
import dev.qualify.api.driver.Placeholders;

import java.util.Map;

/**
 * Runs one expanded {@link CommandSpec} for a step (build, flash, power) and turns a bad outcome into an
 * {@link InfrastructureException}: {@code <step>-failed} for a non-zero exit with the output's tail,
 * {@code <step>-timeout} at the deadline. A failure is never reported as a timeout.
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
        CommandResult r = new ProcessRunner(ctx.processes()).run(command, ctx.transcript(), placeholders.secretValues());
        if (r.timedOut()) {
            throw new InfrastructureException(step + "-timeout", step + " command " + command.argv().get(0)
                    + " did not finish within " + command.timeout().toMillis() + " ms and was killed with its children; last output:\n"
                    + ProcessRunner.tail(r.stdout() + r.stderr(), TAIL_LINES));
        }
        if (r.exitCode() != 0) {
            throw new InfrastructureException(step + "-failed", step + " command " + command.argv().get(0) + " exited with "
                    + r.exitCode() + " after " + r.duration().toMillis() + " ms; last output:\n"
                    + ProcessRunner.tail((r.stdout() + "\n" + r.stderr()).strip(), TAIL_LINES));
        }
        return r;
    }

}
