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

/** {@code MQTT_Subscribe}: the device subscribes and the broker grants it. */
public final class SubscribeCheck implements AdvisorCheck {
    @Override
    public AdvisorCase advisorCase() {
        return AdvisorCase.MQTT_SUBSCRIBE;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        List<CapturedPacket> all = e.packets();
        for (CapturedPacket p : all) {
            if (p.direction() == Direction.IN && p.type() == PacketType.SUBSCRIBE) {
                return Verdict.pass(advisorCase(), "SUBSCRIBE " + p.topicFilters() + " id " + p.packetId(), List.of(), List.of(p));
            }
        }
        return Verdict.fail(advisorCase(), "a SUBSCRIBE", "the device subscribed to nothing", List.of(), List.of());
    }
}
