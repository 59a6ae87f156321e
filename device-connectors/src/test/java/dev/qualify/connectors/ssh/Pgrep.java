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

    /** Kills the processes {@link #count} would count (clean-up after a test that leaves them behind on purpose). */
    static void kill(String marker) throws IOException, InterruptedException {
        new ProcessBuilder("pkill", "-f", "--", marker).redirectErrorStream(true).start().waitFor();
    }
}
