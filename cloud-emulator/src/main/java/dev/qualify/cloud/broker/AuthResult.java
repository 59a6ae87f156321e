package dev.qualify.cloud.broker;

/**
 * The outcome of checking a client certificate at CONNECT: a principal, or a refusal with its reason.
 */
public record AuthResult(Principal principal, String refusal) {
    public static AuthResult accepted(Principal p) {
        return new AuthResult(p, null);
    }

    public static AuthResult refused(String reason) {
        return new AuthResult(null, reason);
    }

    public boolean isAccepted() {
        return principal != null;
    }
}
