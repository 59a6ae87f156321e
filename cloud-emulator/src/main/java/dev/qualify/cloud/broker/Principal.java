package dev.qualify.cloud.broker;

/**
 * Who is behind a connection.
 *
 * @param clientId      the MQTT client id
 * @param certificateId the IoT-Core-style id of the client certificate, or null on the plain (debug) listener
 * @param thingName     the thing the certificate is attached to (the one named like the client id when several),
 *                      or null
 */
public record Principal(String clientId, String certificateId, String thingName) {
    /** True on the plain listener: no certificate, no policy evaluation. */
    public boolean anonymous() {
        return certificateId == null;
    }
}
