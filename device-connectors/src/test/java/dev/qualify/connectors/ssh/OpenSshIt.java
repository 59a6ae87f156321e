package dev.qualify.connectors.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Settings for integration tests against {@link OpenSshServer}: short timeouts, fast keepalive. */
final class OpenSshIt {
    static {
        QuietSshdLogs.apply();
    }

    private OpenSshIt() {
    }

    static Path knownHosts(Path dir, OpenSshServer... servers) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (OpenSshServer s : servers) sb.append(s.knownHostsLine()).append('\n');
        return Files.writeString(dir.resolve("known_hosts-" + System.nanoTime()), sb.toString());
    }

    static SshEndpoint endpoint(OpenSshServer server, String user, SshAuth auth, Path knownHosts) {
        return new SshEndpoint("127.0.0.1", server.port(), user, auth, HostKeyPolicy.knownHosts(knownHosts));
    }

    static SshSettings settings(SshEndpoint target) {
        return new SshSettings(target, List.of(), Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(3),
                new ReconnectPolicy(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(1)), false);
    }
}
