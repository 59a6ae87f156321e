package dev.qualify.connectors.ssh;

import dev.qualify.api.device.Command;
import dev.qualify.api.support.Quoting;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a {@link Command} into the one line an SSH server hands to the login shell, and builds the line that kills
 * it at its deadline.
 *
 * <p>The line first prints {@code <marker> <pid>} on stderr (the pid of the shell, which OpenSSH makes a
 * process-group leader; {@code exec} keeps that pid for the command), then runs the command under
 * {@code /bin/sh} whatever the login shell is. Each argv element is quoted with {@link Quoting#shellWord} so it
 * arrives as one argument; a {@link Command#shell()} command's script is run by {@code /bin/sh -c} as written.
 * Environment goes through {@code env NAME=value}, the working directory through {@code cd} (failing the command
 * if it does not exist), and {@code sudo} is {@code sudo -n} so it never waits for a password.
 */
final class RemoteCommandLine {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private RemoteCommandLine() {
    }

    /**
     * @param marker a unique token; the first stderr line {@code marker pid} is the remote pid
     */
    static String build(Command command, boolean sudo, String marker) {
        StringBuilder inner = new StringBuilder();
        if (command.workDir() != null && !command.workDir().isEmpty()) {
            inner.append("cd ").append(Quoting.shellWord(command.workDir())).append(" || exit 1; ");
        }
        inner.append("exec ");
        if (sudo) inner.append("sudo -n -- ");
        if (!command.env().isEmpty()) {
            inner.append("env ");
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(command.env()).entrySet()) {
                if (!ENV_NAME.matcher(e.getKey()).matches()) {
                    throw new IllegalArgumentException("'" + e.getKey() + "' is not a valid environment variable name");
                }
                inner.append(Quoting.shellWord(e.getKey() + "=" + e.getValue())).append(' ');
            }
        }
        List<String> argv = command.argv();
        if (command.shell()) {
            inner.append("/bin/sh -c ").append(Quoting.shellWord(argv.get(0)));
            if (argv.size() > 1) {
                inner.append(" sh");
                for (String a : argv.subList(1, argv.size())) inner.append(' ').append(Quoting.shellWord(a));
            }
        } else {
            inner.append(Quoting.display(argv));
        }
        return "printf '%s %s\\n' " + marker + " \"$$\" >&2; exec /bin/sh -c " + Quoting.shellWord(inner.toString());
    }

    /**
     * A line that sends SIGTERM to the process group {@code pid} leads (or to {@code pid} alone when it leads none),
     * waits up to about two seconds for it to go, then sends SIGKILL.
     */
    static String kill(long pid, boolean sudo) {
        String p = Long.toString(pid);
        String script = "(kill -TERM -" + p + " || kill -TERM " + p + ") 2>/dev/null; i=0; "
                + "while [ $i -lt 20 ] && (kill -0 -" + p + " || kill -0 " + p + ") 2>/dev/null; "
                + "do sleep 0.1 2>/dev/null || sleep 1; i=$((i+1)); done; "
                + "(kill -KILL -" + p + " || kill -KILL " + p + ") 2>/dev/null; true";
        return (sudo ? "sudo -n " : "") + "/bin/sh -c " + Quoting.shellWord(script);
    }
}
