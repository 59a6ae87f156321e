package dev.qualify.suites.freertos.advisor;

import dev.qualify.api.suite.GroupContext;
import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorStatus;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * FullCloudIoT's tests: one per declared case, in order, each a {@link CaseRunner} run of its {@link Scenario}.
 * PASS passes; PASS_WITH_WARNINGS passes with its warnings in the test's log; FAIL (and a case whose set-up the
 * device never reached) fails with what was expected and what came instead. A declared case without a check is
 * reported as skipped, "not available", never as passed.
 */
public final class DeviceAdvisorTests {
    private static final Pattern KEEP_ALIVE = Pattern.compile("keepAlive=(\\d+)");

    private DeviceAdvisorTests() {
    }

    public static Stream<DynamicTest> run(GroupContext group, AdvisorRig rig) {
        CaseRunner runner = new CaseRunner(rig, group.transcript(), group::scaled);
        int[] keepAlive = {0};
        return group.group().cases().stream().filter(group::selected).map(id -> DynamicTest.dynamicTest(id, () -> {
            Optional<AdvisorCase> c = AdvisorCase.byId(id);
            if (c.isEmpty()) {
                Assumptions.abort("not available: Qualify has no check for " + id + " yet");
            }
            if (keepAlive[0] == 0) keepAlive[0] = keepAlive(rig);
            Map<AdvisorCase, Scenario> scenarios = Scenarios.all(keepAlive[0]);
            Verdict v = runner.run(scenarios.get(c.get()));
            if (v.status() == AdvisorStatus.PASS_WITH_WARNINGS) {
                for (String w : v.warnings()) group.transcript().note("WARNING (PASS_WITH_WARNINGS): " + w);
            } else if (v.status() == AdvisorStatus.NOT_EXERCISED) {
                fail(id + ": the device never reached the case's set-up: " + v.summary());
            } else if (v.status() == AdvisorStatus.FAIL) {
                fail(id + ": " + v.actual() + "; expected " + v.expected());
            }
        }));
    }

    /** The keep-alive of the device's latest CONNECT (waits for one), for the PINGRESP case's budget. */
    private static int keepAlive(AdvisorRig rig) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < end) {
            List<CapturedPacket> connects = rig.cloud().packetLog().packets(p -> rig.clientId().equals(p.clientId())
                    && p.direction() == Direction.IN && p.type() == PacketType.CONNECT);
            if (!connects.isEmpty()) {
                Matcher m = KEEP_ALIVE.matcher(connects.get(connects.size() - 1).detail());
                if (m.find()) return Math.max(1, Integer.parseInt(m.group(1)));
            }
            Thread.sleep(50);
        }
        return 60;
    }
}
