package dev.qualify.samples.virtualboard.advisor;

/**
 * The wrong behaviours the board's Device Advisor demo can be given, each the mistake one Device Advisor case
 * exists to catch ({@code --da-*} options of {@code virtual-board run}).
 *
 * @param connectBackoff        delays between CONNECT attempts whose CONNACK never came
 * @param reconnectBackoff      delays after a refused CONNECT (or a connection that could not be opened)
 * @param dropBackoff           delays after an accepted connection dropped
 * @param newPacketIdOnRetry    a re-sent PUBLISH gets a new packet id
 * @param retryAfterReconnect   an unacknowledged PUBLISH is re-sent only after reconnecting, not on the same connection
 * @param newSubscribeIdOnRetry a re-sent SUBSCRIBE gets a new packet id
 * @param resubscribeOnResume   subscribes again although the CONNACK says the session is present
 * @param neverResubscribe      subscribes only on the first connection of a boot, even when the session is gone
 * @param noPingreq             never sends PINGREQ
 * @param noPuback              never PUBACKs a QoS 1 PUBLISH it receives
 * @param noQos0                publishes QoS 1 only
 * @param trustAnyCa            accepts a server certificate from any issuer (still checks the name and dates)
 * @param noHostnameCheck       does not check the server certificate's name
 * @param acceptExpired         accepts an expired server certificate
 * @param smallTlsBuffer        a 4 KiB TLS input buffer: a larger server certificate chain breaks the handshake
 * @param smallMqttBuffer       a 5,000-byte network buffer: a larger MQTT packet drops the connection
 * @param legacyCipherSuites    offers TLS 1.2 with one CBC suite only (AWS IoT accepts it; Device Advisor recommends none)
 * @param noShadow              never reports its state to its shadow
 * @param ignoreDelta           does not act on shadow deltas
 * @param noJobs                ignores jobs
 * @param subscribeOutsidePolicy also subscribes to {@code #}, which a device's scoped policy does not allow
 */
public record AdvisorFaults(Schedule connectBackoff, Schedule reconnectBackoff, Schedule dropBackoff, boolean newPacketIdOnRetry,
                            boolean retryAfterReconnect, boolean newSubscribeIdOnRetry, boolean resubscribeOnResume,
                            boolean neverResubscribe, boolean noPingreq, boolean noPuback, boolean noQos0, boolean trustAnyCa,
                            boolean noHostnameCheck, boolean acceptExpired, boolean smallTlsBuffer, boolean smallMqttBuffer,
                            boolean legacyCipherSuites, boolean noShadow, boolean ignoreDelta, boolean noJobs,
                            boolean subscribeOutsidePolicy) {

    /** A retry schedule. */
    public enum Schedule {
        /** Exponential with equal jitter (the right one). */
        JITTER,
        /** Exponential on a fixed schedule. */
        EXPONENTIAL,
        /** Growing by a fixed step. */
        LINEAR,
        /** The same delay every time. */
        CONSTANT
    }

    /** A well-behaved device. */
    public static final AdvisorFaults NONE = new AdvisorFaults(Schedule.JITTER, Schedule.JITTER, Schedule.JITTER, false, false,
            false, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false);
}
