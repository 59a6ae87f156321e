package dev.qualify.cloud.broker;

/**
 * How the broker answers one CONNECT under fault injection.
 *
 * @param kind       what to do
 * @param returnCode the CONNACK return/reason code for {@link Kind#REFUSE} (MQTT 3.1.1 codes 1-5 or MQTT 5
 *                   reason codes 0x80 and up; the broker maps between them by protocol version)
 */
public record ConnectFault(Kind kind, int returnCode) {
    public enum Kind {
        /** Behave normally. */
        PROCEED,
        /** Read the CONNECT and never answer it. */
        WITHHOLD_CONNACK,
        /** Answer with a refusing CONNACK and close. */
        REFUSE,
        /** Accept with CONNACK, then close the connection at once. */
        DISCONNECT_AFTER_CONNACK
    }

    public static final ConnectFault PROCEED = new ConnectFault(Kind.PROCEED, 0);
}
