package dev.qualify.cloud.advisor.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Shadow_Publish_Reported_State}: the device publishes a reported state to its classic shadow after
 * connecting. {@code Shadow_Update_Reported_State}: after a desired-state change (a delta on
 * {@code shadow/update/delta}), the device reports the desired values.
 */
public final class ShadowCheck implements AdvisorCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final boolean followDelta;

    private ShadowCheck(boolean followDelta) {
        this.followDelta = followDelta;
    }

    public static ShadowCheck publishReported() {
        return new ShadowCheck(false);
    }

    public static ShadowCheck updateReported() {
        return new ShadowCheck(true);
    }

    @Override
    public AdvisorCase advisorCase() {
        return followDelta ? AdvisorCase.SHADOW_UPDATE_REPORTED_STATE : AdvisorCase.SHADOW_PUBLISH_REPORTED_STATE;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        String update = "$aws/things/" + s.thingName() + "/shadow/update";
        List<CapturedPacket> all = e.packets();
        if (!followDelta) {
            for (CapturedPacket p : all) {
                if (p.direction() == Direction.IN && p.type() == PacketType.PUBLISH && update.equals(p.topic())
                        && reported(p).isPresent()) {
                    return Verdict.pass(advisorCase(), "reported " + reported(p).get(), List.of(), List.of(p));
                }
            }
            return Verdict.fail(advisorCase(), "a PUBLISH of state.reported to " + update,
                    "the device published no reported state", List.of(), List.of());
        }
        for (CapturedPacket delta : all) {
            if (delta.direction() != Direction.OUT || delta.type() != PacketType.PUBLISH || !(update + "/delta").equals(delta.topic())) continue;
            JsonNode wanted = parse(delta).map(j -> j.path("state")).orElse(null);
            if (wanted == null || !wanted.isObject()) continue;
            for (CapturedPacket p : all.subList(all.indexOf(delta) + 1, all.size())) {
                if (p.direction() != Direction.IN || p.type() != PacketType.PUBLISH || !update.equals(p.topic())) continue;
                Optional<JsonNode> rep = reported(p);
                if (rep.isPresent() && covers(rep.get(), wanted)) {
                    return Verdict.pass(advisorCase(), "the device reported " + rep.get() + " after the delta " + wanted,
                            List.of(), List.of(delta, p));
                }
            }
            return Verdict.fail(advisorCase(), "a reported state with " + wanted, "the device never reported the desired values",
                    List.of(), all.subList(all.indexOf(delta), all.size()));
        }
        return Verdict.notExercised(advisorCase(), "no shadow delta was delivered to the device", List.of(), List.of());
    }

    private static boolean covers(JsonNode reported, JsonNode wanted) {
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().equals(reported.get(f.getKey()))) return false;
        }
        return true;
    }

    private static Optional<JsonNode> reported(CapturedPacket p) {
        return parse(p).map(j -> j.path("state").path("reported")).filter(JsonNode::isObject);
    }

    private static Optional<JsonNode> parse(CapturedPacket p) {
        try {
            return Optional.of(JSON.readTree(p.payload()));
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }
}
