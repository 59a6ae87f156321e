package dev.qualify.connectors.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Counts local processes whose command line contains a marker (the test devices run on this machine). */
final class Pgrep {
    private Pgrep() {
    }

    static int count(String marker) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgrep", "-f", "--", marker).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        long self = ProcessHandle.current().pid();
        return (int) out.lines().map(String::trim).filter(l -> !l.isEmpty()).filter(l -> !l.equals(Long.toString(self))).count();
    }

    /**
     * Kills the processes {@link #count} would count, with their process groups (the test servers start each
     * command as a group leader): clean-up after a test that leaves a command running on purpose.
     */
    static void killGroups(String marker) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pgrep", "-f", "--", marker).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        for (String pid : out.lines().map(String::trim).filter(l -> l.matches("\\d+")).toList()) {
            if (pid.equals(Long.toString(ProcessHandle.current().pid()))) continue;
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true).start().waitFor();
            new ProcessBuilder("kill", "-KILL", pid).redirectErrorStream(true).start().waitFor();
        }
    }
}
