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
 * @param detail       a short human-readable summary (never a password)
 */
public record CapturedPacket(long sequence, Instant at, long nanos, String connectionId, String clientId, Direction direction,
                             PacketType type, int packetId, int qos, boolean dup, boolean retain, String topic, byte[] payload,
                             List<String> topicFilters, List<Integer> codes, String detail) {
    public CapturedPacket {
        topicFilters = List.copyOf(topicFilters);
        codes = List.copyOf(codes);
    }

    public String payloadAsString() {
        return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return sequence + " " + at + " " + connectionId + " " + clientId + " " + direction + " " + type
                + (packetId >= 0 ? " id=" + packetId : "") + (dup ? " dup" : "") + " " + detail;
    }
}
