package dev.qualify.cloud.advisor;

import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.ConnectionEvent;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;
import dev.qualify.cloud.capture.TlsClientHello;

import java.util.List;
import java.util.Optional;

/**
 * One network connection of the device, as recorded: its events, its ClientHello (Device Advisor endpoints only)
 * and its packets, oldest first.
 *
 * @param openedNanos monotonic time it was accepted, or the first record's time when OPENED was not recorded
 * @param closedNanos monotonic time it closed, or -1 when it was still open at the end of the recording
 * @param closeReason the broker's reason for closing it ({@code MQTT_KEEP_ALIVE_TIMEOUT}...), or null when the
 *                    device closed it (or it is still open)
 */
public record DeviceConnection(String id, long openedNanos, long closedNanos, String closeReason,
                               List<ConnectionEvent> events, Optional<TlsClientHello> hello,
                               List<CapturedPacket> packets) {
    public DeviceConnection {
        events = List.copyOf(events);
        packets = List.copyOf(packets);
    }

    /** How the TLS handshake ended. */
    public enum Handshake {
        COMPLETED,
        /** The device sent a TLS alert (it rejected the server, e.g. its certificate). */
        ALERT_SENT,
        /** The device closed the connection during the handshake without an alert. */
        CLOSED_BY_DEVICE,
        /** Not recorded (a plain listener), or still in progress. */
        UNKNOWN
    }

    public Handshake handshake() {
        for (ConnectionEvent e : events) {
            if (e.event().equals("TLS_ESTABLISHED")) return Handshake.COMPLETED;
            if (e.event().equals("TLS_FAILED")) {
                String d = e.detail() == null ? "" : e.detail();
                return d.contains("alert") ? Handshake.ALERT_SENT : Handshake.CLOSED_BY_DEVICE;
            }
        }
        return closedNanos >= 0 && hello.isPresent() ? Handshake.CLOSED_BY_DEVICE : Handshake.UNKNOWN;
    }

    /** The TLS failure detail, if the handshake failed. */
    public Optional<String> handshakeFailure() {
        return events.stream().filter(e -> e.event().equals("TLS_FAILED")).map(ConnectionEvent::detail).findFirst();
    }

    public String servedCertificate() {
        return hello.map(TlsClientHello::servedCertificate).orElse(AdvisorEndpoint.GOOD);
    }

    public boolean hasEvent(String event) {
        return events.stream().anyMatch(e -> e.event().equals(event));
    }

    /** Packets of one type and direction. */
    public List<CapturedPacket> packets(Direction d, PacketType t) {
        return packets.stream().filter(p -> p.direction() == d && p.type() == t).toList();
    }

    public Optional<CapturedPacket> first(Direction d, PacketType t) {
        return packets.stream().filter(p -> p.direction() == d && p.type() == t).findFirst();
    }

    /** The device sent CONNECT on it. */
    public boolean connectSent() {
        return first(Direction.IN, PacketType.CONNECT).isPresent();
    }

    /** The broker accepted the CONNECT (CONNACK code 0). */
    public boolean accepted() {
        return first(Direction.OUT, PacketType.CONNACK).map(p -> !p.codes().isEmpty() && p.codes().get(0) == 0).orElse(false);
    }

    /** The CONNACK said the session was resumed. */
    public boolean sessionPresent() {
        return first(Direction.OUT, PacketType.CONNACK).map(p -> p.detail().contains("sessionPresent=true")).orElse(false);
    }

    /** The broker closed it (for a reason it names), rather than the device. */
    public boolean closedByBroker() {
        return closedNanos >= 0 && closeReason != null && !closeReason.equals("CLIENT_INITIATED_DISCONNECT")
                && !closeReason.equals("CONNECTION_LOST");
    }
}
