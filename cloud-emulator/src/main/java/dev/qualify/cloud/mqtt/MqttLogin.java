package dev.qualify.cloud.mqtt;

import java.nio.file.Path;

/**
 * How one client logs in to the broker: a client certificate and key (PEM files), a user name and password, or both.
 * {@link #toString()} never prints the password.
 *
 * @param key the settings key it was read from ({@code ""} for the top level, {@code devices.<id>} for a device)
 */
record MqttLogin(String key, Path cert, Path privateKey, String username, String password) {

    boolean hasCertificate() {
        return cert != null;
    }

    /** The dotted settings key of {@code field} of this login, e.g. {@code devices.board-1.cert}. */
    String keyOf(String field) {
        return key.isEmpty() ? field : key + "." + field;
    }

    @Override
    public String toString() {
        return "MqttLogin[" + (cert != null ? "cert=" + cert : "") + (username != null ? " username=" + username
                + " password=<redacted>" : "") + "]";
    }
}
