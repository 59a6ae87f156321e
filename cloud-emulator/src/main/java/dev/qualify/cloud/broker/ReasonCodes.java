package dev.qualify.cloud.broker;

/** Maps CONNACK codes between MQTT 3.1.1 return codes (1-5) and MQTT 5 reason codes (0x80 and up). */
final class ReasonCodes {
    static final int NOT_AUTHORIZED_5 = 0x87;
    static final int MALFORMED = 0x81;
    static final int PROTOCOL_ERROR = 0x82;
    static final int IMPLEMENTATION_SPECIFIC = 0x83;
    static final int SESSION_TAKEN_OVER = 0x8E;
    static final int KEEP_ALIVE_TIMEOUT = 0x8D;
    static final int TOPIC_NAME_INVALID = 0x90;
    static final int PACKET_TOO_LARGE = 0x95;
    static final int QUOTA_EXCEEDED = 0x97;
    static final int TOPIC_ALIAS_INVALID = 0x94;
    static final int TOPIC_FILTER_INVALID = 0x8F;
    static final int ADMINISTRATIVE_ACTION = 0x98;
    static final int RECEIVE_MAXIMUM_EXCEEDED = 0x93;

    private ReasonCodes() {
    }

    /** The CONNACK code to send for a refusal expressed in either version's terms. */
    static int connack(int code, boolean v5) {
        if (v5) {
            return switch (code) {
                case 1 -> 0x84;
                case 2 -> 0x85;
                case 3 -> 0x88;
                case 4 -> 0x86;
                case 5 -> 0x87;
                default -> code;
            };
        }
        if (code < 0x80) return code;
        return switch (code) {
            case 0x84 -> 1;
            case 0x85 -> 2;
            case 0x86 -> 4;
            case 0x87, 0x8A -> 5;
            default -> 3;
        };
    }
}
