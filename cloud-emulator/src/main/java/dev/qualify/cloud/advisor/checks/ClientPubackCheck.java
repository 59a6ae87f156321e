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

/**
 * {@code MQTT_Client_Puback_Qos1}: after a QoS 1 subscription, the broker publishes to the trigger topic; the
 * device PUBACKs that PUBLISH (same packet id, same connection).
 */
public final class ClientPubackCheck implements AdvisorCheck {
    @Override
    public AdvisorCase advisorCase() {
        return AdvisorCase.MQTT_CLIENT_PUBACK_QOS1;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        for (DeviceConnection c : e.connections()) {
            for (CapturedPacket p : c.packets(Direction.OUT, PacketType.PUBLISH)) {
                if (!s.triggerTopic().equals(p.topic())) continue;
                if (p.qos() != 1) {
                    return Verdict.fail(advisorCase(), "a QoS 1 subscription to " + s.triggerTopic(),
                            "the broker delivered at QoS " + p.qos() + ": the device subscribed at QoS 0", List.of(), List.of(p));
                }
                var ack = Packets.after(c.packets(), p, Direction.IN, PacketType.PUBACK, p.packetId());
                if (ack.isPresent()) {
                    return Verdict.pass(advisorCase(), "PUBACK for PUBLISH id " + p.packetId() + " after "
                            + String.format(java.util.Locale.ROOT, "%.1f ms", Packets.ms(p.nanos(), ack.get().nanos())),
                            List.of(), List.of(p, ack.get()));
                }
                return Verdict.fail(advisorCase(), "a PUBACK on the same connection",
                        "PUBLISH packet id " + p.packetId() + " to " + p.topic() + " got no PUBACK", List.of(), c.packets());
            }
        }
        return Verdict.notExercised(advisorCase(), "the broker published nothing to " + s.triggerTopic()
                + " (did the device subscribe to it?)", List.of(), e.packets());
    }
}
