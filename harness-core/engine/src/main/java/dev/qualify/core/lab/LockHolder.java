package dev.qualify.core.lab;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who holds a device lock, as written into its lock file: one {@code key=value} line each.
 *
 * @param pid   the holding process
 * @param host  the host it runs on
 * @param runId the run's id ({@code results/<run-id>/})
 * @param since when it took the lock
 */
public record LockHolder(long pid, String host, String runId, Instant since) {
    /** This process, for run {@code runId}, from now. */
    public static LockHolder self(String runId) {
        return new LockHolder(ProcessHandle.current().pid(), hostName(), runId, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    String text() {
        return "pid=" + pid + "\nhost=" + host + "\nrunId=" + runId + "\nsince=" + since + "\n";
    }

    /** @return the holder written in {@code text}, or null when it is empty or not one (a lock being written) */
    static LockHolder parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        try {
            return new LockHolder(Long.parseLong(m.get("pid")), m.getOrDefault("host", "?"), m.getOrDefault("runId", "?"),
                    Instant.parse(m.get("since")));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** E.g. {@code pid 4242 on host lab-pc (run 20261201-233000-1a2b3c4d, since 2026-12-01T23:30:00Z)}. */
    public String describe() {
        return "pid " + pid + " on host " + host + " (run " + runId + ", since " + since + ")";
    }

    static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
