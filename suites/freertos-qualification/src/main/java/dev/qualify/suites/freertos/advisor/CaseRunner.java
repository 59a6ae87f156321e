package dev.qualify.suites.freertos.advisor;

import dev.qualify.api.device.Transcript;
import dev.qualify.cloud.advisor.AdvisorStatus;
import dev.qualify.cloud.advisor.DeviceAdvisor;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.advisor.VerdictReport;

import java.time.Duration;
import java.util.function.Function;

/**
 * Runs one case against the live device: waits until the device is connected, scripts the case's misbehaviour,
 * judges what the device does from then on (every {@value #POLL_MS} ms, until the case passes or its budget is
 * spent, or it has failed the same way for {@value #SETTLED_FAIL_MS} ms), undoes the set-up, and writes the verdict with the packets it judged to the test's log.
 */
final class CaseRunner {
    static final long POLL_MS = 200;
    static final long SETTLE_MS = 600;
    /**
     * How long a FAIL must stay the same before the case stops early: longer than the longest retry delay of a
     * well-behaved device in these cases (6.4 s plus the CONNACK timeout), so a device still backing off is not cut
     * short.
     */
    static final long SETTLED_FAIL_MS = 10_000;

    private final AdvisorRig rig;
    private final Transcript transcript;
    private final Function<Duration, Duration> scaled;
    /** The window (monotonic start and end) of the case run last, for a next case with the same set-up. */
    private final java.util.Map<dev.qualify.cloud.advisor.AdvisorCase, long[]> lastWindow = new java.util.HashMap<>();

    CaseRunner(AdvisorRig rig, Transcript transcript, Function<Duration, Duration> scaled) {
        this.rig = rig;
        this.transcript = transcript;
        this.scaled = scaled;
    }

    Verdict run(Scenario s) throws InterruptedException {
        long[] shared = s.sameSetupAs() == null ? null : lastWindow.get(s.sameSetupAs());
        lastWindow.clear();
        if (shared != null) {
            Verdict v = DeviceAdvisor.judge(s.advisorCase(), rig.evidence(shared[0], shared[1]), rig.settings());
            lastWindow.put(s.advisorCase(), shared);
            transcript.note(s.advisorCase().id() + " judged from the window of " + s.sameSetupAs().id() + " (the same set-up)");
            for (String line : VerdictReport.lines(v)) transcript.note(line);
            return v;
        }
        awaitConnected(scaled.apply(Duration.ofSeconds(60)));
        long start = System.nanoTime();
        long end = start + scaled.apply(s.budget()).toNanos();
        Verdict v;
        try {
            s.setup().run(rig);
            long settle = scaled.apply(Duration.ofMillis(SETTLED_FAIL_MS)).toNanos();
            String failing = null;
            long failingSince = 0;
            while (true) {
                v = DeviceAdvisor.judge(s.advisorCase(), rig.evidence(start), rig.settings());
                long now = System.nanoTime();
                if (v.status().passed() || now >= end) break;
                // a FAIL that has not changed for a while is the verdict (a device still retrying changes it)
                if (s.settleEarly() && v.status() == AdvisorStatus.FAIL && v.summary().equals(failing)) {
                    if (now - failingSince >= settle) break;
                } else {
                    failing = v.status() == AdvisorStatus.FAIL ? v.summary() : null;
                    failingSince = now;
                }
                Thread.sleep(POLL_MS);
            }
        } finally {
            s.teardown().run(rig);
            rig.faults().clear();
            rig.endpoint().serveGood();
        }
        lastWindow.put(s.advisorCase(), new long[]{start, System.nanoTime()});
        transcript.note(String.format(java.util.Locale.ROOT, "%s judged after %.1f s", s.advisorCase().id(),
                (System.nanoTime() - start) / 1e9));
        for (String line : VerdictReport.lines(v)) transcript.note(line);
        return v;
    }

    /**
     * The next case starts from a device connected for {@value #SETTLE_MS} ms (a case may have left it backing off;
     * the device subscribes and publishes right after CONNACK).
     */
    private void awaitConnected(Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (rig.connectedForMs() < SETTLE_MS) {
            if (System.nanoTime() >= end) {
                throw new AssertionError("the device " + rig.clientId() + " did not connect to its Device Advisor endpoint "
                        + rig.endpoint().endpoint() + " within " + wait.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    static boolean failed(Verdict v) {
        return v.status() == AdvisorStatus.FAIL || v.status() == AdvisorStatus.NOT_EXERCISED;
    }
}
