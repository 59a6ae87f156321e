package dev.qualify.connectors.ssh;

import java.nio.file.Path;
import java.util.List;

/**
 * How the server's host key is checked. Exactly one way applies, in this order of precedence as validated by
 * {@link SshSettingsReader}: pinned fingerprints, a known_hosts file, or (only when asked for explicitly) no check.
 *
 * @param knownHosts   an OpenSSH known_hosts file (IDT's {@code publicKeyPath}); null when fingerprints are pinned
 * @param fingerprints pinned fingerprints such as {@code SHA256:...} or {@code MD5:aa:bb:...}; empty when unused
 * @param acceptAny    accept whatever key the server shows; insecure, and logged as a warning on every connect
 */
public record HostKeyPolicy(Path knownHosts, List<String> fingerprints, boolean acceptAny) {
    public HostKeyPolicy {
        fingerprints = List.copyOf(fingerprints);
        int ways = (knownHosts != null ? 1 : 0) + (fingerprints.isEmpty() ? 0 : 1) + (acceptAny ? 1 : 0);
        if (ways != 1) throw new IllegalArgumentException("exactly one host key check must be chosen");
    }

    public static HostKeyPolicy knownHosts(Path file) {
        return new HostKeyPolicy(file, List.of(), false);
    }

    public static HostKeyPolicy pinned(String... fingerprints) {
        return new HostKeyPolicy(null, List.of(fingerprints), false);
    }

    public static HostKeyPolicy acceptAnyKey() {
        return new HostKeyPolicy(null, List.of(), true);
    }

    @Override
    public String toString() {
        if (acceptAny) return "any host key (UNVERIFIED)";
        return knownHosts != null ? "known_hosts " + knownHosts : "pinned " + fingerprints;
    }
}
