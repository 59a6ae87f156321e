package dev.qualify.connectors.ssh;

/**
 * Why a server's host key was refused, with everything a person needs to decide: the fingerprint shown and what
 * to do about it.
 *
 * @param kind        what went wrong
 * @param fingerprint fingerprint of the key the server showed, e.g. {@code SHA256:...}
 * @param message     the full explanation, for the exception
 */
public record HostKeyRejection(Kind kind, String fingerprint, String message) {

    /** The kinds of refusal; {@link #errorType()} gives the infrastructure error type. */
    public enum Kind {
        /** No entry for the host in known_hosts. */
        UNKNOWN,
        /** known_hosts has the host with a different key, or the pinned fingerprint differs. */
        CHANGED,
        /** The key is marked {@code @revoked} in known_hosts. */
        REVOKED
    }

    /** {@code ssh-host-key-unknown}, {@code ssh-host-key-changed} or {@code ssh-host-key-revoked}. */
    public String errorType() {
        return "ssh-host-key-" + kind.name().toLowerCase();
    }
}
