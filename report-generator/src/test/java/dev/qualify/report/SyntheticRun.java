package dev.qualify.report;

import dev.qualify.api.report.DeviceInfo;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.PhaseSpan;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run of any size as a real run directory holds it: devices, groups with their build, flash, power and boot
 * phases and tests on a timeline, and a log file per test (a few timestamped lines as the engine writes them, a
 * Unity FAIL line for a failure, and markup a device might print). Outcomes repeat in a fixed pattern: one test in
 * 37 fails, one in 53 errs, one in 29 is skipped, so a run shows every outcome. Deterministic.
 */
public final class SyntheticRun {
    private SyntheticRun() {
    }

    /**
     * Writes the logs of a run of {@code tests} test cases over {@code devices} devices, {@code groupsPerDevice}
     * groups each, into {@code runDir}, and returns its report.
     */
    public static RunReport write(Path runDir, int tests, int devices, int groupsPerDevice) throws IOException {
        Instant start = SampleRuns.START;
        List<DeviceInfo> infos = new ArrayList<>();
        List<GroupResult> groups = new ArrayList<>();
        int groupCount = devices * groupsPerDevice;
        int n = 0;
        Instant end = start;
        for (int d = 0; d < devices; d++) {
            String device = "board-" + (d + 1);
            infos.add(new DeviceInfo(device, "lab", "tcp-serial 127.0.0.1:" + (47200 + d), Map.of("PKCS11", "ECC")));
            Instant at = start.plusMillis(200L * d);
            for (int g = 0; g < groupsPerDevice; g++) {
                int index = d * groupsPerDevice + g;
                String group = "Group" + index;
                int size = tests / groupCount + (index < tests % groupCount ? 1 : 0);
                Instant groupStart = at;
                List<PhaseSpan> timeline = new ArrayList<>();
                at = phase(timeline, PhaseSpan.BUILD, at, 900);
                at = phase(timeline, PhaseSpan.FLASH, at, 700);
                at = phase(timeline, PhaseSpan.POWER, at, 300);
                at = phase(timeline, PhaseSpan.BOOT, at, 150);
                List<TestResult> results = new ArrayList<>();
                for (int t = 0; t < size; t++, n++) {
                    String name = "Case_" + n;
                    Outcome outcome = n % 37 == 5 ? Outcome.FAILED : n % 53 == 7 ? Outcome.ERROR
                            : n % 29 == 3 ? Outcome.SKIPPED : Outcome.PASSED;
                    String log = "logs/" + device + "/" + group + "/" + name + ".log";
                    writeLog(runDir.resolve(log), device, group, name, outcome);
                    long ms = 20 + n % 7;
                    results.add(new TestResult(name, name, group + ".Suite", outcome, message(outcome, name),
                            outcome == Outcome.FAILED ? "failure" : outcome == Outcome.ERROR ? "timeout" : null,
                            outcome == Outcome.FAILED ? "test_pkcs11.c:" + (100 + t) + ": expected CKR_OK" : null,
                            Duration.ofMillis(ms), 1, log, Map.of()));
                    timeline.add(new PhaseSpan(PhaseSpan.TEST, name, at, Duration.ofMillis(ms), outcome));
                    at = at.plusMillis(ms);
                }
                at = phase(timeline, PhaseSpan.RELEASE, at, 40);
                groups.add(new GroupResult(group, "Synthetic group " + index, g % 2 == 0, device, groupStart,
                        Duration.between(groupStart, at), results, timeline));
                at = at.plusMillis(250);
            }
            if (at.isAfter(end)) end = at;
        }
        long failed = groups.stream().mapToLong(g -> g.count(Outcome.FAILED)).sum();
        return new RunReport("synthetic-" + tests, "freertos-qualification", "2.5.0", "lab", "0.1.0", start, end,
                false, failed > 0 ? 1 : 0, infos, groups, List.of());
    }

    private static Instant phase(List<PhaseSpan> timeline, String phase, Instant at, long ms) {
        timeline.add(new PhaseSpan(phase, phase, at, Duration.ofMillis(ms), Outcome.PASSED));
        return at.plusMillis(ms);
    }

    private static String message(Outcome outcome, String name) {
        return switch (outcome) {
            case FAILED -> "test_pkcs11.c:120: expected CKR_OK for " + name;
            case ERROR -> "no end of the test results within 8000 ms";
            case SKIPPED -> "IGNORE: feature not supported";
            case PASSED -> null;
        };
    }

    private static void writeLog(Path file, String device, String group, String name, Outcome outcome)
            throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder log = new StringBuilder()
                .append("[05:06:17.000] --- test ").append(group).append(".Suite ").append(name)
                .append(" on device ").append(device).append('\n')
                .append("[05:06:17.010] < starting ").append(name).append(" </script><b>not markup</b> & more\n");
        switch (outcome) {
            case FAILED -> log.append("[05:06:17.020] < TEST(Suite, ").append(name)
                    .append(") FAIL test_pkcs11.c:120: expected CKR_OK for ").append(name).append('\n');
            case ERROR -> log.append("[05:06:25.020] --- no end of the test results within 8000 ms\n");
            case SKIPPED -> log.append("[05:06:17.020] < TEST(Suite, ").append(name).append(") IGNORE\n");
            case PASSED -> log.append("[05:06:17.020] < TEST(Suite, ").append(name).append(") PASS\n");
        }
        Files.writeString(file, log);
    }
}
