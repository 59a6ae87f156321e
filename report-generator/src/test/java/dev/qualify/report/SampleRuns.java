package dev.qualify.report;

import dev.qualify.api.report.DeviceInfo;
import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.RunReport;
import dev.qualify.api.report.TestResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Runs that exercise the report writers; fixed instants so the output is deterministic. */
public final class SampleRuns {

    public static final Instant START = Instant.parse("2025-03-04T05:06:07.891Z");
    /** Hostile text: markup, quotes, control bytes, an ANSI escape, a lone surrogate, a CDATA end, an emoji. */
    public static final String HOSTILE = "bad <tag> & \"quoted\" 'single' ]]> \u0000\u0001\u0007\u001b[31mred\u001b[0m"
            + " \uD800 \uFFFE \u00e9\uD83D\uDE00 <script>alert(1)</script>";
    /** {@link #HOSTILE} as it must come out in XML or HTML: the same minus the characters XML 1.0 forbids. */
    public static final String HOSTILE_CLEANED = "bad <tag> & \"quoted\" 'single' ]]> [31mred[0m"
            + "   \u00e9\uD83D\uDE00 <script>alert(1)</script>";

    private SampleRuns() {
    }

    public static DeviceInfo device(String id) {
        return new DeviceInfo(id, "devkits", "tcp-serial 127.0.0.1:47101", Map.of("PKCS11", "ECC", "OTA", "yes"));
    }

    public static TestResult passed(String device, String group, String id) {
        return new TestResult(id, id, group + "." + id, Outcome.PASSED, null, null, null, Duration.ofMillis(1234), 1,
                log(device, group, id), Map.of("firmware", "1.2.3"));
    }

    public static TestResult failed(String device, String group, String id, String message) {
        return new TestResult(id, id, group + "." + id, Outcome.FAILED, message, "unity",
                "test_runner.c:42:" + id + ":FAIL: " + message + "\nline two", Duration.ofMillis(2500), 1,
                log(device, group, id), Map.of());
    }

    public static TestResult errored(String device, String group, String id, String message) {
        return new TestResult(id, id, group + "." + id, Outcome.ERROR, message, "flash-failed",
                "openocd exited with 1", Duration.ofSeconds(30), 3, log(device, group, id), Map.of());
    }

    public static TestResult skipped(String device, String group, String id, String message) {
        return new TestResult(id, id, group + "." + id, Outcome.SKIPPED, message, null, null, Duration.ZERO, 1,
                null, Map.of());
    }

    public static GroupResult group(String id, String device, boolean required, List<TestResult> tests) {
        return new GroupResult(id, id.replace('_', ' ') + " tests", required, device, START.plusSeconds(10),
                Duration.ofSeconds(42), tests);
    }

    public static RunReport run(String runId, boolean interrupted, int exitCode, List<DeviceInfo> devices,
                                List<GroupResult> groups, List<String> notes) {
        return new RunReport(runId, "freertos-qualification", "2.5.0", "devkits", "0.1.0", START,
                START.plus(Duration.ofMinutes(5).plusSeconds(3)), interrupted, exitCode, devices, groups, notes);
    }

    /** Two groups, everything passed. */
    public static RunReport allPassed() {
        return run("run-all-pass", false, 0, List.of(device("dev-1")), List.of(
                group("FullPKCS11_Core", "dev-1", true, List.of(
                        passed("dev-1", "FullPKCS11_Core", "PKCS11_Digest"),
                        passed("dev-1", "FullPKCS11_Core", "PKCS11_Sign"))),
                group("FullMQTT", "dev-1", false, List.of(passed("dev-1", "FullMQTT", "MQTT_Connect")))), List.of());
    }

    /** One group with a pass, a failure, an error and a skip. */
    public static RunReport mixed() {
        String g = "FullMQTT";
        return run("run-mixed", false, 1, List.of(device("dev-1")), List.of(group(g, "dev-1", true, List.of(
                passed("dev-1", g, "MQTT_Connect"),
                failed("dev-1", g, "MQTT_Publish", "expected PUBACK within 5s"),
                errored("dev-1", g, "MQTT_Subscribe", "flash tool exited with 1"),
                skipped("dev-1", g, "MQTT_Retain", "feature not supported")))), List.of());
    }

    /** The same group on two devices, one passing and one failing. */
    public static RunReport twoDevices() {
        String g = "FullPKCS11_Core";
        return run("run-two-devices", false, 1, List.of(device("dev-1"), device("dev.2")), List.of(
                group(g, "dev-1", true, List.of(passed("dev-1", g, "PKCS11_Digest"),
                        passed("dev-1", g, "PKCS11_Sign"))),
                group(g, "dev.2", true, List.of(passed("dev.2", g, "PKCS11_Digest"),
                        failed("dev.2", g, "PKCS11_Sign", "signature mismatch")))), List.of());
    }

    /** Device garbage in every text field. */
    public static RunReport hostile() {
        String g = "Full<MQTT>&\"";
        TestResult fail = new TestResult("T1", HOSTILE, "cls." + HOSTILE, Outcome.FAILED, HOSTILE, HOSTILE,
                HOSTILE + "\n" + HOSTILE, Duration.ofMillis(5), 1, "logs/dev-1/g/T 1 #1.log",
                Map.of("k" + HOSTILE, HOSTILE));
        TestResult error = new TestResult("T2", "error " + HOSTILE, "", Outcome.ERROR, HOSTILE, null, null,
                Duration.ofMillis(-5), 1, null, Map.of());
        TestResult skip = new TestResult("T3", "skip", "cls.Skip", Outcome.SKIPPED, HOSTILE, null, null,
                Duration.ZERO, 1, null, Map.of());
        return run("run-hostile", false, 1, List.of(new DeviceInfo("dev-1", "devkits", HOSTILE, Map.of())),
                List.of(group(g, "dev-1", false, List.of(fail, error, skip))), List.of(HOSTILE));
    }

    /** Interrupted before any group ran. */
    public static RunReport emptyInterrupted() {
        return run("run-interrupted", true, 130, List.of(device("dev-1")), List.of(),
                List.of("interrupted by SIGINT", "groups not run: FullMQTT"));
    }

    private static String log(String device, String group, String test) {
        return "logs/" + device + "/" + group + "/" + test + ".log";
    }
}
