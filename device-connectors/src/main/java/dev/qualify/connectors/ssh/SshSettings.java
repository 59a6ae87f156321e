package dev.qualify.connectors.ssh;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the SSH drivers need to reach a device, bound from a {@code shell:} or {@code console:} section by
 * {@link SshSettingsReader}. Data only; {@link #toString()} redacts secrets.
 *
 * @param target          the device
 * @param jumps           jump hosts in the order they are passed through (first is dialled directly); may be empty
 * @param connectTimeout  deadline for TCP connect, key exchange and authentication of each hop
 * @param keepAlive       interval of keepalive requests; a connection whose peer answers none for
 *                        {@code deadPeerTimeout} is closed. Zero disables both
 * @param deadPeerTimeout how long an unanswering peer is tolerated before the connection is declared dead
 * @param reconnect       how connecting is retried (first connect and after a reboot)
 * @param sudo            run every command under {@code sudo -n}
 */
public record SshSettings(SshEndpoint target, List<SshEndpoint> jumps, Duration connectTimeout, Duration keepAlive,
                          Duration deadPeerTimeout, ReconnectPolicy reconnect, boolean sudo) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DEAD_PEER_TIMEOUT = Duration.ofSeconds(15);

    public SshSettings {
        Objects.requireNonNull(target, "target");
        jumps = List.copyOf(jumps);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(deadPeerTimeout, "deadPeerTimeout");
        Objects.requireNonNull(reconnect, "reconnect");
    }

    /** Settings for {@code target} with the defaults for everything else. */
    public static SshSettings of(SshEndpoint target) {
        return new SshSettings(target, List.of(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_KEEP_ALIVE, DEFAULT_DEAD_PEER_TIMEOUT,
                ReconnectPolicy.DEFAULT, false);
    }

    public SshSettings withJumps(List<SshEndpoint> jumps) {
        return new SshSettings(target, jumps, connectTimeout, keepAlive, deadPeerTimeout, reconnect, sudo);
    }

    public SshSettings withKeepAlive(Duration keepAlive, Duration deadPeerTimeout) {
        return new SshSettings(target, jumps, connectTimeout, keepAlive, deadPeerTimeout, reconnect, sudo);
    }

    public SshSettings withReconnect(ReconnectPolicy reconnect) {
        return new SshSettings(target, jumps, connectTimeout, keepAlive, deadPeerTimeout, reconnect, sudo);
    }

    public SshSettings withSudo(boolean sudo) {
        return new SshSettings(target, jumps, connectTimeout, keepAlive, deadPeerTimeout, reconnect, sudo);
    }

    /** {@code user@device:22 via user@gateway:22}, for messages. */
    public String display() {
        StringBuilder sb = new StringBuilder(target.display());
        if (!jumps.isEmpty()) {
            sb.append(" via ");
            for (int i = 0; i < jumps.size(); i++) sb.append(i == 0 ? "" : ", ").append(jumps.get(i).display());
        }
        return sb.toString();
    }
}
