package dev.qualify.suites.freertos.advisor;

import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.EmulatedCloudConfig;
import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorStatus;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.advisor.VerdictReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code --da-*} misbehaviour of the virtual board makes exactly its own Device Advisor case FAIL (the
 * schedules Device Advisor only warns about fail none) and every other case pass (the well-behaved board: PASS),
 * and the well-behaved board passes every case: FullCloudIoT's scenarios and checks, run against the board's
 * demo on an emulated cloud, one device per misbehaviour, {@value #PARALLEL} at a time (each on its own endpoint and
 * thing). Not covered: {@code --da-never-resubscribe}, which also fails the cases that need a fresh SUBSCRIBE or the
 * subscriptions it then lacks (see docs/qualify-a-board.md).
 */
class OneMisbehaviourOneCaseTest {
    /** The misbehaviour (board flags) and the one case it is made for. */
    private static final Map<List<String>, AdvisorCase> FAILS = new LinkedHashMap<>();
    /** Misbehaviours Device Advisor passes with a warning, and the case that warns. */
    private static final Map<List<String>, AdvisorCase> WARNS = new LinkedHashMap<>();

    static {
        FAILS.put(List.of("--da-backoff", "LINEAR"), AdvisorCase.MQTT_CONNECT_EXPONENTIAL_BACKOFF);
        FAILS.put(List.of("--da-reconnect-backoff", "LINEAR"), AdvisorCase.MQTT_RECONNECT_SERVER_DISCONNECT);
        FAILS.put(List.of("--da-reconnect-backoff", "CONSTANT"), AdvisorCase.MQTT_RECONNECT_SERVER_DISCONNECT);
        FAILS.put(List.of("--da-drop-backoff", "LINEAR"), AdvisorCase.MQTT_RECONNECT_UNSTABLE);
        FAILS.put(List.of("--da-drop-backoff", "CONSTANT"), AdvisorCase.MQTT_RECONNECT_UNSTABLE);
        FAILS.put(List.of("--da-new-packet-id-on-retry"), AdvisorCase.MQTT_PUBLISH_RETRY_NO_PUBACK);
        FAILS.put(List.of("--da-retry-after-reconnect"), AdvisorCase.MQTT_PUBLISH_RETRY_NO_PUBACK);
        FAILS.put(List.of("--da-new-subscribe-id-on-retry"), AdvisorCase.MQTT_SUBSCRIBE_RETRY_NO_SUBACK);
        FAILS.put(List.of("--da-resubscribe-on-resume"), AdvisorCase.MQTT_PERSISTENT_SESSION);
        FAILS.put(List.of("--da-no-pingreq"), AdvisorCase.MQTT_NO_ACK_PINGRESP);
        FAILS.put(List.of("--da-no-puback"), AdvisorCase.MQTT_CLIENT_PUBACK_QOS1);
        FAILS.put(List.of("--da-no-qos0"), AdvisorCase.MQTT_PUBLISH);
        FAILS.put(List.of("--da-trust-any-ca"), AdvisorCase.TLS_UNSECURE_SERVER_CERT);
        FAILS.put(List.of("--da-no-hostname-check"), AdvisorCase.TLS_INCORRECT_SUBJECT_NAME);
        FAILS.put(List.of("--da-accept-expired"), AdvisorCase.TLS_EXPIRED_SERVER_CERT);
        FAILS.put(List.of("--da-small-tls-buffer"), AdvisorCase.TLS_LARGE_SERVER_CERT);
        FAILS.put(List.of("--da-small-mqtt-buffer"), AdvisorCase.TLS_MAX_FRAGMENTS);
        FAILS.put(List.of("--da-unrecommended-cipher-suites"), AdvisorCase.TLS_CIPHER_SUITES);
        FAILS.put(List.of("--da-no-shadow"), AdvisorCase.SHADOW_PUBLISH_REPORTED_STATE);
        FAILS.put(List.of("--da-ignore-delta"), AdvisorCase.SHADOW_UPDATE_REPORTED_STATE);
        FAILS.put(List.of("--da-no-jobs"), AdvisorCase.JOB_EXECUTION);
        FAILS.put(List.of("--da-subscribe-outside-policy"), AdvisorCase.SECURITY_DEVICE_POLICIES);
        WARNS.put(List.of("--da-backoff", "EXPONENTIAL"), AdvisorCase.MQTT_CONNECT_JITTER_BACKOFF);
        WARNS.put(List.of("--da-reconnect-backoff", "EXPONENTIAL"), AdvisorCase.MQTT_RECONNECT_SERVER_DISCONNECT);
        WARNS.put(List.of("--da-drop-backoff", "EXPONENTIAL"), AdvisorCase.MQTT_RECONNECT_UNSTABLE);
    }

    private static final int PARALLEL = 13;

    @TempDir
    static Path dir;
    static EmulatedCloud cloud;

    @BeforeAll
    static void startCloud() {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir));
    }

    @AfterAll
    static void stopCloud() {
        if (cloud != null) cloud.close();
    }

    @Test
    void eachMisbehaviourFailsExactlyItsOwnCaseAndTheWellBehavedBoardPassesAll() throws Exception {
        List<List<String>> boards = new ArrayList<>();
        boards.add(List.of());
        boards.addAll(FAILS.keySet());
        boards.addAll(WARNS.keySet());
        Map<List<String>, Future<String>> outcomes = new LinkedHashMap<>();
        // a few devices at a time: the backoff cases judge delays of 40 ms and up, which a saturated host blurs
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            for (int i = 0; i < boards.size(); i++) {
                List<String> flags = boards.get(i);
                String id = "mis-" + i;
                outcomes.put(flags, pool.submit(() -> outcome(id, flags)));
            }
            List<String> wrong = new ArrayList<>();
            for (var e : outcomes.entrySet()) {
                String got;
                try {
                    got = e.getValue().get(30, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException x) {
                    got = "ERROR " + x.getCause();
                }
                String want = expected(e.getKey());
                if (!got.startsWith(want)) {
                    wrong.add(e.getKey() + ": expected " + want + ", got " + got);
                }
            }
            assertThat(wrong).as(String.join("\n\n", wrong)).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The failed cases a board must show (warnings are passes: a fixed schedule's warning is judged from delays of
     * 100 ms and up, which several boards at once on a loaded host can blur into scatter, so the warning itself is
     * {@code BackoffTest}'s and {@code JitterBackoffTest}'s to prove, on synthetic series).
     */
    private static String expected(List<String> flags) {
        return FAILS.containsKey(flags) ? "FAIL [" + FAILS.get(flags).id() + "] WARN " : "FAIL [] WARN ";
    }

    /** "FAIL [ids] WARN [ids]" then the summaries of the cases that did not pass cleanly, and the device's log. */
    private static String outcome(String id, List<String> flags) throws Exception {
        try (ScenarioDevice d = ScenarioDevice.start(cloud, id, ScenarioDevice.faults(flags.toArray(String[]::new)))) {
            List<Verdict> verdicts = d.runAll();
            if (flags.isEmpty()) {
                System.out.printf(java.util.Locale.ROOT, "well-behaved board: %.1f s in all, per case %s%n",
                        d.seconds.values().stream().mapToDouble(x -> x).sum(), d.seconds);
            }
            List<Verdict> failed = verdicts.stream().filter(v -> !v.status().passed()).toList();
            List<Verdict> warned = verdicts.stream().filter(v -> v.status() == AdvisorStatus.PASS_WITH_WARNINGS).toList();
            return "FAIL " + failed.stream().map(v -> v.advisorCase().id()).toList() + " WARN "
                    + warned.stream().map(v -> v.advisorCase().id()).toList() + "\n"
                    + verdicts.stream().filter(v -> v.status() != AdvisorStatus.PASS || v.advisorCase().id().contains("Backoff"))
                    .map(v -> String.join("\n", VerdictReport.lines(v))).collect(Collectors.joining("\n"))
                    + "\ndevice log:\n" + d.tail();
        }
    }
}
