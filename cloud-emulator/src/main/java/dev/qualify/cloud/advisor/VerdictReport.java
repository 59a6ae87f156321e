package dev.qualify.cloud.advisor;

import dev.qualify.cloud.capture.CapturedPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a verdict for a person: outcome, expected/actual, warnings, evidence and the judged packets, one a line. */
public final class VerdictReport {
    private VerdictReport() {
    }

    /** The lines of the report of {@code v}; packet times are relative to the first judged packet. */
    public static List<String> lines(Verdict v) {
        List<String> out = new ArrayList<>();
        out.add(v.advisorCase().id() + ": " + v.status() + ": " + v.summary());
        if (v.expected() != null) out.add("  expected: " + v.expected());
        if (v.actual() != null) out.add("  instead:  " + v.actual());
        for (String w : v.warnings()) out.add("  warning:  " + w);
        for (String e : v.evidence()) out.add("  " + e);
        if (!v.judged().isEmpty()) {
            out.add("  packets judged (time from the first, direction seen from the broker, connection):");
            long t0 = v.judged().get(0).nanos();
            for (CapturedPacket p : v.judged()) out.add("    " + packet(p, t0));
        }
        return out;
    }

    /** One packet: {@code +12.345 s IN  PUBLISH id=7 qos=1 dup retain conn=ab12cd34 topic=...}. */
    public static String packet(CapturedPacket p, long t0) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "+%8.3f s %-3s %-11s", (p.nanos() - t0) / 1e9,
                p.direction(), p.type()));
        if (p.packetId() >= 0) b.append(" id=").append(p.packetId());
        if (p.type() == dev.qualify.cloud.capture.PacketType.PUBLISH) b.append(" qos=").append(p.qos());
        if (p.dup()) b.append(" dup");
        if (p.retain()) b.append(" retain");
        b.append(" conn=").append(p.connectionId());
        if (p.topic() != null) b.append(" topic=").append(p.topic());
        if (!p.topicFilters().isEmpty()) b.append(" filters=").append(p.topicFilters());
        if (!p.codes().isEmpty()) b.append(" codes=").append(p.codes());
        if (p.type() == dev.qualify.cloud.capture.PacketType.CONNECT || p.type() == dev.qualify.cloud.capture.PacketType.CONNACK) {
            b.append(" (").append(p.detail()).append(')');
        }
        return b.toString();
    }
}
