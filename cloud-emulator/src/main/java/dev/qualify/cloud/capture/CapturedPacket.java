package dev.qualify.cloud.capture;

import java.time.Instant;
import java.util.List;

/**
 * One MQTT packet seen by the broker.
 *
 * @param sequence     order of capture across all clients
 * @param at           wall-clock time
 * @param nanos        monotonic time ({@link System#nanoTime()}) for measuring intervals
 * @param connectionId the network connection (one client id may use many over time)
 * @param clientId     the client id, or null before CONNECT was read
 * @param packetId     packet identifier, or -1 when the packet has none
 * @param qos          QoS of a PUBLISH (or the fixed-header QoS), 0 otherwise
 * @param topic        topic of a PUBLISH, will topic of a CONNECT, else null
 * @param payload      payload of a PUBLISH (a copy), else empty
 * @param topicFilters filters of a SUBSCRIBE or UNSUBSCRIBE, else empty
 * @param codes        reason/return codes: CONNACK code, SUBACK codes, MQTT 5 PUBACK/DISCONNECT reason, else empty
 * @param detail       a short human-readable summary (never a password); null when it says nothing the other fields do
 *                     not (a PUBLISH without a topic alias, SUBSCRIBE, UNSUBSCRIBE, SUBACK, the acknowledgements and
 *                     pings): {@link #detail()} then makes it from them when asked, so the capture does not build a
 *                     string per packet that is rarely read
 */
public record CapturedPacket(long sequence, Instant at, long nanos, String connectionId, String clientId, Direction direction,
                             PacketType type, int packetId, int qos, boolean dup, boolean retain, String topic, byte[] payload,
                             List<String> topicFilters, List<Integer> codes, String detail) {
    public CapturedPacket {
        topicFilters = List.copyOf(topicFilters);
        codes = List.copyOf(codes);
    }

    /**
     * The short human-readable summary: the one recorded, or for a packet recorded without one the summary of its
     * fields (e.g. {@code PUBLISH topic=t qos=1 retain bytes=5}, {@code SUBSCRIBE [a/#]}, {@code PUBACK id=7 code=0}).
     */
    @Override
    public String detail() {
        return detail != null ? detail : summary();
    }

    private String summary() {
        return switch (type) {
            case PUBLISH -> "PUBLISH topic=" + topic + " qos=" + qos + (dup ? " dup" : "") + (retain ? " retain" : "")
                    + " bytes=" + payload.length;
            case SUBSCRIBE -> "SUBSCRIBE " + topicFilters;
            case UNSUBSCRIBE -> "UNSUBSCRIBE " + topicFilters;
            case SUBACK -> "SUBACK " + codes;
            default -> type + (packetId >= 0 ? " id=" + packetId : "") + (codes.isEmpty() ? "" : " code=" + codes.get(0));
        };
    }

    public String payloadAsString() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return sequence + " " + at + " " + connectionId + " " + clientId + " " + direction + " " + type
                + (packetId >= 0 ? " id=" + packetId : "") + (dup ? " dup" : "") + " " + detail();
    }
}
