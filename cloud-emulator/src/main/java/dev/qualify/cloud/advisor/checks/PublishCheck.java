package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;

import java.util.List;

/** {@code MQTT_Publish}: the device sends a QoS 0 PUBLISH. */
public final class PublishCheck implements AdvisorCheck {
    @Override
    public AdvisorCase advisorCase() {
        return AdvisorCase.MQTT_PUBLISH;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        List<CapturedPacket> all = e.packets();
        for (CapturedPacket p : all) {
            if (p.direction() == Direction.IN && p.type() == PacketType.PUBLISH && p.qos() == 0) {
                return Verdict.pass(advisorCase(), "QoS 0 PUBLISH to " + p.topic(), List.of(), List.of(p));
            }
        }
        List<CapturedPacket> publishes = all.stream().filter(p -> p.direction() == Direction.IN && p.type() == PacketType.PUBLISH)
                .toList();
        return Verdict.fail(advisorCase(), "a QoS 0 PUBLISH", publishes.isEmpty() ? "the device published nothing"
                : "only QoS " + publishes.get(0).qos() + " publishes", List.of(), publishes);
    }
}
