package dev.qualify.cloud.advisor;

import dev.qualify.cloud.capture.CapturedPacket;

import java.util.List;

/**
 * The judgement of one case.
 *
 * @param advisorCase the case
 * @param status      the outcome
 * @param summary     one line: what was seen
 * @param expected    what the case expected (for a failure), else null
 * @param actual      what came instead (for a failure), else null
 * @param warnings    warnings (non-empty for {@link AdvisorStatus#PASS_WITH_WARNINGS})
 * @param evidence    lines of connection-level evidence (handshakes, retry delays), in order
 * @param judged      the packets the case looked at, in capture order
 */
public record Verdict(AdvisorCase advisorCase, AdvisorStatus status, String summary, String expected, String actual,
                      List<String> warnings, List<String> evidence, List<CapturedPacket> judged) {
    public Verdict {
        warnings = List.copyOf(warnings);
        evidence = List.copyOf(evidence);
        judged = List.copyOf(judged);
    }

    public static Verdict pass(AdvisorCase c, String summary, List<String> evidence, List<CapturedPacket> judged) {
        return new Verdict(c, AdvisorStatus.PASS, summary, null, null, List.of(), evidence, judged);
    }

    public static Verdict warn(AdvisorCase c, String summary, List<String> warnings, List<String> evidence,
                        List<CapturedPacket> judged) {
        return new Verdict(c, AdvisorStatus.PASS_WITH_WARNINGS, summary, null, null, warnings, evidence, judged);
    }

    public static Verdict fail(AdvisorCase c, String expected, String actual, List<String> evidence, List<CapturedPacket> judged) {
        return new Verdict(c, AdvisorStatus.FAIL, actual + "; expected " + expected, expected, actual, List.of(), evidence,
                judged);
    }

    public static Verdict notExercised(AdvisorCase c, String why, List<String> evidence, List<CapturedPacket> judged) {
        return new Verdict(c, AdvisorStatus.NOT_EXERCISED, why, null, null, List.of(), evidence, judged);
    }
}
