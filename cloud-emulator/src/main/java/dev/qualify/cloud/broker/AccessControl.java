package dev.qualify.cloud.broker;

import dev.qualify.cloud.policy.IotAction;

import java.security.cert.X509Certificate;

/**
 * Authentication and authorisation for the broker, evaluated at connect and on every publish, subscribe and
 * delivery. Implementations are thread-safe and fast: they are called on event-loop threads.
 */
public interface AccessControl {

    /**
     * Checks a client certificate that already passed TLS chain validation.
     *
     * @param certificate the client's leaf certificate, or null on the plain listener
     */
    AuthResult authenticate(X509Certificate certificate, String clientId);

    /**
     * Whether the principal may do the action. {@code name} is the client id for CONNECT, the topic for PUBLISH
     * and RECEIVE and the topic filter for SUBSCRIBE.
     */
    boolean isAllowed(Principal principal, IotAction action, String name);

    /** Grows whenever a decision may have changed (policies, attachments, statuses): callers may cache by it. */
    long generation();

    /** Whether the certificate with this id may still be used (checked when the registry changes). */
    boolean isActive(String certificateId);

    /** Accepts everyone and everything: for the plain debugging listener and for tests of the protocol alone. */
    AccessControl ALLOW_ALL = new AccessControl() {
        @Override
        public AuthResult authenticate(X509Certificate certificate, String clientId) {
            return AuthResult.accepted(new Principal(clientId, null, null));
        }

        @Override
        public boolean isAllowed(Principal principal, IotAction action, String name) {
            return true;
        }

        @Override
        public long generation() {
            return 0;
        }

        @Override
        public boolean isActive(String certificateId) {
            return true;
        }
    };
}
