package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.DeviceConnection;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code MQTT_Publish_Retry_No_Puback} and {@code MQTT_Subscribe_Retry_No_Suback}: the broker withholds the
 * acknowledgement of a QoS 1 PUBLISH (or a SUBSCRIBE); the device re-sends it with the same packet id, on the same
 * connection (a re-send after reconnecting, or with a new packet id, FAILs). A missing DUP flag on a PUBLISH re-send
 * is a warning.
 */
public final class RetryCheck implements AdvisorCheck {
    private final AdvisorCase advisorCase;
    private final PacketType request;
    private final PacketType ack;

    private RetryCheck(AdvisorCase advisorCase, PacketType request, PacketType ack) {
        this.advisorCase = advisorCase;
        this.request = request;
        this.ack = ack;
    }

    public static RetryCheck publish() {
        return new RetryCheck(AdvisorCase.MQTT_PUBLISH_RETRY_NO_PUBACK, PacketType.PUBLISH, PacketType.PUBACK);
    }

    public static RetryCheck subscribe() {
        return new RetryCheck(AdvisorCase.MQTT_SUBSCRIBE_RETRY_NO_SUBACK, PacketType.SUBSCRIBE, PacketType.SUBACK);
    }

    @Override
    public AdvisorCase advisorCase() {
        return advisorCase;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        List<DeviceConnection> conns = e.connections();
        for (int ci = 0; ci < conns.size(); ci++) {
            DeviceConnection c = conns.get(ci);
            for (CapturedPacket p : c.packets()) {
                if (!isRequest(p) || answered(c, p)) continue;
                List<CapturedPacket> judged = new ArrayList<>(c.packets());
                // the unanswered one: look for its re-send on the same connection, then on later ones
                CapturedPacket sameId = null;
                CapturedPacket otherId = null;
                for (CapturedPacket q : later(c.packets(), p)) {
                    if (!isRequest(q) || !sameContent(p, q)) continue;
                    if (q.packetId() == p.packetId()) {
                        sameId = q;
                        break;
                    }
                    if (otherId == null) otherId = q;
                }
                String name = request + " packet id " + p.packetId();
                if (sameId != null) {
                    if (request == PacketType.PUBLISH && !sameId.dup()) {
                        return Verdict.warn(advisorCase, name + " was re-sent on the same connection",
                                List.of("the re-send does not set the DUP flag"), List.of(), judged);
                    }
                    return Verdict.pass(advisorCase, name + " was re-sent with the same packet id on the same connection",
                            List.of(), judged);
                }
                if (otherId != null) {
                    return Verdict.fail(advisorCase, "a re-send with packet id " + p.packetId(),
                            request + " was re-sent with packet id " + otherId.packetId() + " instead of " + p.packetId(),
                            List.of(), judged);
                }
                for (int cj = ci + 1; cj < conns.size(); cj++) {
                    for (CapturedPacket q : conns.get(cj).packets()) {
                        if (isRequest(q) && sameContent(p, q)) {
                            judged.addAll(conns.get(cj).packets());
                            return Verdict.fail(advisorCase, "a re-send on the same connection",
                                    name + " was re-sent after reconnecting" + (q.packetId() == p.packetId() ? ""
                                            : " (as packet id " + q.packetId() + ")"), List.of(), judged);
                        }
                    }
                }
                return Verdict.fail(advisorCase, "a re-send with the same packet id on the same connection",
                        name + " was never re-sent", List.of(), judged);
            }
        }
        return Verdict.notExercised(advisorCase, "no " + request + " of the device went unacknowledged", List.of(), List.of());
    }

    private boolean isRequest(CapturedPacket p) {
        return p.direction() == Direction.IN && p.type() == request && (request != PacketType.PUBLISH || p.qos() == 1);
    }

    /**
     * Whether the broker acknowledged {@code p} before the device sent it again (with any packet id). A request still
     * waiting on an open connection at the end of the recording, never re-sent, counts as answered (not judged).
     */
    private boolean answered(DeviceConnection c, CapturedPacket p) {
        for (CapturedPacket q : later(c.packets(), p)) {
            if (q.direction() == Direction.OUT && q.type() == ack && q.packetId() == p.packetId()) return true;
            if (isRequest(q) && (q.packetId() == p.packetId() || sameContent(p, q))) return false;
        }
        return c.closedNanos() < 0;
    }

    private static List<CapturedPacket> later(List<CapturedPacket> ps, CapturedPacket from) {
        int i = ps.indexOf(from);
        return ps.subList(i + 1, ps.size());
    }

    private static boolean sameContent(CapturedPacket a, CapturedPacket b) {
        return Objects.equals(a.topic(), b.topic()) && java.util.Arrays.equals(a.payload(), b.payload())
                && a.topicFilters().equals(b.topicFilters());
    }
}
