package dev.qualify.connectors.ssh;

import java.util.Objects;

/**
 * One SSH server to log in to: the device itself or a jump host on the way to it.
 *
 * @param host     name or address, as the known_hosts file names it
 * @param port     TCP port
 * @param user     login name
 * @param auth     credentials
 * @param hostKeys how the server's host key is checked
 */
public record SshEndpoint(String host, int port, String user, SshAuth auth, HostKeyPolicy hostKeys) {
    public SshEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(hostKeys, "hostKeys");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /** {@code user@host:port}, for messages. */
    public String display() {
        return user + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return display() + " (" + auth + ", " + hostKeys + ")";
    }
}
