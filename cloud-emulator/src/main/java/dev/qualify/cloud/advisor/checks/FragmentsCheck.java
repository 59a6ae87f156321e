package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.DeviceConnection;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Packets;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;

import java.util.List;
import java.util.Optional;

/**
 * {@code TLS_Receive_Maximum_Size_Fragments}: the broker sends a QoS 1 PUBLISH larger than one TLS record (so at
 * least one record carries the full 16 KiB); the device PUBACKs it on the same connection, or takes it and goes on
 * with the connection (a packet of its own at least {@value #CARRIED_ON_MS} ms later; whether it PUBACKs a QoS 1
 * message is {@code MQTT_Client_Puback_Qos1}'s judgement). A device whose buffer cannot take the record drops the
 * connection.
 */
public final class FragmentsCheck implements AdvisorCheck {
    /** How long after the large PUBLISH a packet of the device shows it carried on with the connection. */
    static final long CARRIED_ON_MS = 500;

    @Override
    public AdvisorCase advisorCase() {
        return AdvisorCase.TLS_MAX_FRAGMENTS;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        for (DeviceConnection c : e.connections()) {
            for (CapturedPacket p : c.packets(Direction.OUT, PacketType.PUBLISH)) {
                if (p.payload().length < AdvisorSettings.MAX_TLS_RECORD || p.qos() != 1) continue;
                Optional<CapturedPacket> ack = Packets.after(c.packets(), p, Direction.IN, PacketType.PUBACK, p.packetId());
                if (ack.isPresent()) {
                    return Verdict.pass(advisorCase(), "the device PUBACKed the " + p.payload().length + "-byte PUBLISH id "
                            + p.packetId(), List.of(), List.of(p, ack.get()));
                }
                // the device took the record and carried on with the connection: it handled the fragments (whether
                // it PUBACKs a QoS 1 message is MQTT_Client_Puback_Qos1's judgement)
                Optional<CapturedPacket> next = c.packets().stream()
                        .filter(q -> q.direction() == Direction.IN && q.sequence() > p.sequence()
                                && q.nanos() - p.nanos() >= CARRIED_ON_MS * 1_000_000).findFirst();
                if (next.isPresent()) {
                    return Verdict.pass(advisorCase(), "the device took the " + p.payload().length + "-byte PUBLISH id "
                            + p.packetId() + " and kept the connection (" + next.get().type() + " after it; no PUBACK: see "
                            + AdvisorCase.MQTT_CLIENT_PUBACK_QOS1.id() + ")", List.of(), List.of(p, next.get()));
                }
                return Verdict.fail(advisorCase(), "the device to take the " + p.payload().length
                                + "-byte PUBLISH and go on with the same connection (a PUBACK, or its next packets)",
                        "PUBLISH packet id " + p.packetId() + " (" + p.payload().length + " bytes) got no PUBACK"
                                + (c.closedNanos() >= 0 && c.closeReason() == null ? "; the device closed the connection" : ""),
                        List.of(), c.packets());
            }
        }
        return Verdict.notExercised(advisorCase(), "the broker sent no PUBLISH of at least 16 KiB to the device", List.of(),
                e.packets());
    }
}
