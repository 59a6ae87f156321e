package dev.qualify.api.device;

import org.apiguardian.api.API;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command to run: argv, deadline, extra environment, working directory.
 *
 * @param argv      program and arguments; never empty; each element is one argument
 * @param timeout   the deadline, already scaled by the timeout multiplier
 * @param env       extra environment variables; never null
 * @param workDir   working directory (local path or remote path), or null for the default
 * @param shell     when true, argv is {@code [script]} and is run by {@code /bin/sh -c}: only when the config asks
 */
@API(status = API.Status.STABLE, since = "0.1")
public record Command(List<String> argv, Duration timeout, Map<String, String> env, String workDir, boolean shell) {
    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) throw new IllegalArgumentException("a command needs at least the program");
        env = Map.copyOf(env);
    }

    public static Command of(Duration timeout, String... argv) {
        return new Command(List.of(argv), timeout, Map.of(), null, false);
    }
}
