package dev.qualify.core.lab;

import dev.qualify.api.device.InfrastructureException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a TCP port already has a listener before Qualify starts what should serve it, and who that is (on
 * Linux, from {@code /proc/net/tcp*} and {@code /proc/<pid>/fd}).
 */
public final class BusyPorts {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);

    private BusyPorts() {
    }

    /**
     * Throws {@code port-busy} when something already accepts connections on {@code host:port}.
     *
     * @param what what the port is for, e.g. {@code the console of device board-1}
     */
    public static void requireFree(String what, String host, int port) {
        if (!listening(host, port)) return;
        Optional<Long> pid = holder(port, Path.of("/proc"));
        String by = pid.map(p -> "pid " + p + commandLine(p)).orElse("another process");
        String next = pid.map(p -> "stop it (kill " + p + ") and run again")
                .orElse("find it with: " + findCommand(port));
        throw new InfrastructureException("port-busy", what + ", " + host + ":" + port + ", is already served by " + by
                + " before Qualify powered the board on (a board left from another run?); " + next);
    }

    /** @return true when a TCP connection to {@code host:port} is accepted */
    public static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The shell command that says who listens on {@code port}. */
    public static String findCommand(int port) {
        return "ss -ltnp 'sport = :" + port + "'";
    }

    private static String commandLine(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine())
                .map(c -> c.replaceAll("\\s+", " ").trim())
                .map(c -> " (" + (c.length() > 200 ? c.substring(0, 200) + "..." : c) + ")").orElse("");
    }

    /** The pid listening on {@code port} according to the {@code proc} file system at {@code proc}. */
    static Optional<Long> holder(int port, Path proc) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(proc.resolve(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || !"0A".equals(f[3])) continue; // 0A: LISTEN
                    int colon = f[1].lastIndexOf(':');
                    if (colon < 0) continue;
                    try {
                        if (Integer.parseInt(f[1].substring(colon + 1), 16) == port && !"0".equals(f[9])) inodes.add(f[9]);
                    } catch (NumberFormatException ignored) {
                        // the header line
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or no such table
            }
        }
        if (inodes.isEmpty()) return Optional.empty();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path pid : pids) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(pid.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                                return Optional.of(Long.parseLong(pid.getFileName().toString()));
                            }
                        } catch (IOException | RuntimeException ignored) {
                            // gone, or not ours to read
                        }
                    }
                } catch (IOException | RuntimeException ignored) {
                    // another user's process, or gone
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
