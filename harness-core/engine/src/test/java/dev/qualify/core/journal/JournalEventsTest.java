package dev.qualify.core.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.api.report.Outcome;
import dev.qualify.core.engine.RunJournal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The journal's events as a file format: round trip, the shape on disk, and what a reader tolerates. */
class JournalEventsTest {
    private static final Instant AT = Instant.parse("2026-12-01T22:09:38.998219583Z");
    private static final TestFinished.Case CASE = new TestFinished.Case("vb-1", "FullPKCS11_Core",
            "PKCS11_GetFunctionList", "FullPKCS11_Core.Full_PKCS11_StartFinish", "logs/vb-1/FullPKCS11_Core/PKCS11_GetFunctionList.log");

    @TempDir
    Path dir;

    private static List<JournalEvent> everyType() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("id", "vb-1");
        config.put("console", Map.of("type", "tcp-serial", "port", 47101));
        config.put("password", null);
        return List.of(
                new RunStarted(AT, "20261201-220938-f47199e6", "freertos-qualification", "0.1.0", "virtual-boards",
                        "0.1.0-SNAPSHOT", "/configs/demo/qualify.yaml", 1.5, List.of("FullPKCS11_Core", "OTA"),
                        List.of(new RunStarted.Device("vb-1", "virtual-boards", "tcp-serial 127.0.0.1:47101",
                                Map.of("PKCS11", "ECC"), config))),
                new GroupStarted(AT.plusMillis(1), "vb-1", "FullPKCS11_Core", "PKCS #11 core", true),
                new DevicePrepared(AT.plusMillis(2), "vb-1", "FullPKCS11_Core", "image d81b169d42d4 (built), flashed", 1208),
                TestFinished.passed(AT.plusMillis(3), CASE, Duration.ofMillis(3)),
                TestFinished.failed(AT.plusMillis(4), CASE, "expected 1 but was 2", "java.lang.AssertionError\n\tat X", Duration.ofMillis(40)),
                TestFinished.skipped(AT.plusMillis(5), CASE, "IGNORE: file systems only", Duration.ZERO),
                TestFinished.error(AT.plusMillis(6), CASE, "flash tool exited with 1", "flash-failed", null, Duration.ZERO),
                new TestFinished(AT.plusMillis(7), "vb-1", "FullPKCS11_Core", "id-1", "retried", "FullPKCS11_Core.X",
                        Outcome.PASSED, null, null, null, 12, 3, "logs/x.log", Map.of("seed", "42")),
                new GroupFinished(AT.plusMillis(8), "vb-1", "FullPKCS11_Core", 1743),
                new Note(AT.plusMillis(9), "group OTA not run: the pool does not declare feature OTA"),
                new RunFinished(AT.plusMillis(10), 1, false),
                new RunResumed(AT.plusMillis(11), "20261201-220938-f47199e6", List.of("FullPKCS11_Core"), List.of("OTA"), List.of("OTA")),
                new RunStarted(AT.plusMillis(12), "r2", "freertos-qualification", "0.1.0", "virtual-boards", "0.1.0", "/q.yaml",
                        1.0, List.of("OTA"), List.of(), "sha256:00ff", List.of("FullPKCS11_Core", "OTA"), List.of("t1"), "2/2"));
    }

    private Path journalOf(List<JournalEvent> events) throws Exception {
        Path file = dir.resolve(RunJournal.FILE_NAME);
        try (RunJournal journal = new RunJournal(file)) {
            events.forEach(journal::append);
        }
        return file;
    }

    @Test
    void everyEventTypeReadsBackEqual() throws Exception {
        List<JournalEvent> events = everyType();
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).contains("RunStarted", "GroupStarted",
                "DevicePrepared", "TestFinished", "GroupFinished", "Note", "RunFinished", "RunResumed");
        assertThat(RunJournal.read(journalOf(events))).containsExactlyElementsOf(events);
    }

    @Test
    void theLinesKeepTheirShape() throws Exception {
        List<String> lines = Files.readAllLines(journalOf(everyType()));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) nodes.add(json.readTree(line));

        assertThat(nodes).extracting(n -> n.path("event").asText()).containsExactly("run-started", "group-started",
                "device-prepared", "test-finished", "test-finished", "test-finished", "test-finished", "test-finished",
                "group-finished", "note", "run-finished", "run-resumed", "run-started");
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"event\":\"").doesNotContain("\n"));
        assertThat(nodes).allSatisfy(n -> assertThat(fieldNames(n).subList(0, 2)).containsExactly("event", "at"));
        assertThat(nodes.get(0).path("at").asText()).isEqualTo("2026-12-01T22:09:38.998219583Z");

        assertThat(fieldNames(nodes.get(0))).containsExactly("event", "at", "runId", "suite", "suiteVersion", "pool",
                "qualifyVersion", "config", "timeoutMultiplier", "groups", "devices");
        JsonNode device = nodes.get(0).path("devices").get(0);
        assertThat(fieldNames(device)).containsExactly("id", "pool", "connection", "features", "config");
        assertThat(device.path("config").has("password")).as("null values inside the device config are kept").isTrue();
        assertThat(nodes.get(0).path("timeoutMultiplier").isDouble()).isTrue();
        assertThat(fieldNames(nodes.get(1))).containsExactly("event", "at", "device", "group", "title", "required");
        assertThat(fieldNames(nodes.get(2))).containsExactly("event", "at", "device", "group", "what", "durationMs");
        assertThat(lines.get(3)).isEqualTo("{\"event\":\"test-finished\",\"at\":\"2026-12-01T22:09:39.001219583Z\","
                + "\"device\":\"vb-1\",\"group\":\"FullPKCS11_Core\",\"testId\":\"PKCS11_GetFunctionList\","
                + "\"name\":\"PKCS11_GetFunctionList\",\"className\":\"FullPKCS11_Core.Full_PKCS11_StartFinish\","
                + "\"outcome\":\"PASSED\",\"durationMs\":3,\"log\":\"logs/vb-1/FullPKCS11_Core/PKCS11_GetFunctionList.log\"}");
        assertThat(fieldNames(nodes.get(4))).containsExactly("event", "at", "device", "group", "testId", "name",
                "className", "outcome", "message", "errorType", "detail", "durationMs", "log");
        assertThat(nodes.get(4).path("errorType").asText()).isEqualTo("failure");
        assertThat(fieldNames(nodes.get(7))).as("attempts and properties only when they say something")
                .contains("attempts", "properties");
        assertThat(fieldNames(nodes.get(8))).containsExactly("event", "at", "device", "group", "durationMs");
        assertThat(fieldNames(nodes.get(9))).containsExactly("event", "at", "text");
        assertThat(lines.get(10)).isEqualTo("{\"event\":\"run-finished\",\"at\":\"2026-12-01T22:09:39.008219583Z\","
                + "\"exitCode\":1,\"interrupted\":false}");
        assertThat(fieldNames(nodes.get(11))).containsExactly("event", "at", "runId", "kept", "rerun", "toRun");
        assertThat(fieldNames(nodes.get(12))).as("a sharded run records its selection, config digest and shard")
                .containsExactly("event", "at", "runId", "suite", "suiteVersion", "pool", "qualifyVersion", "config",
                        "timeoutMultiplier", "groups", "devices", "configDigest", "selection", "tests", "shard");
    }

    @Test
    void aJournalOfTheMapEraReads() throws Exception {
        // lines as the journal wrote them before the events were typed (group-started's fields in any order)
        Path old = dir.resolve("old.jsonl");
        Files.write(old, List.of(
                "{\"event\":\"run-started\",\"at\":\"2026-12-01T22:09:38.998219583Z\",\"runId\":\"r1\",\"suite\":\"s\",\"suiteVersion\":\"1\",\"pool\":\"p\",\"qualifyVersion\":\"0.1.0-SNAPSHOT\",\"config\":\"/q.yaml\",\"timeoutMultiplier\":1.0,\"groups\":[\"G\"],\"devices\":[{\"id\":\"vb-1\",\"pool\":\"p\",\"connection\":\"tcp-serial 127.0.0.1:47101\",\"features\":{\"PKCS11\":\"ECC\"},\"config\":{\"id\":\"vb-1\",\"identifiers\":[{\"name\":\"serialNo\",\"value\":\"VB-0001\"}]}}]}",
                "{\"event\":\"group-started\",\"at\":\"2026-12-01T22:09:39.024416316Z\",\"required\":true,\"title\":\"PKCS #11 core\",\"group\":\"G\",\"device\":\"vb-1\"}",
                "{\"event\":\"device-prepared\",\"at\":\"2026-12-01T22:09:40.229231822Z\",\"durationMs\":1198,\"group\":\"G\",\"device\":\"vb-1\",\"what\":\"image bd3055614a04 (built), flashed\"}",
                "{\"event\":\"test-finished\",\"at\":\"2026-12-01T22:09:40.582565557Z\",\"device\":\"vb-1\",\"group\":\"G\",\"testId\":\"T\",\"name\":\"T\",\"className\":\"G.C\",\"outcome\":\"ERROR\",\"message\":\"m\",\"errorType\":\"flash-failed\",\"durationMs\":3,\"log\":\"logs/vb-1/G/T.log\"}",
                "{\"event\":\"group-finished\",\"at\":\"2026-12-01T22:09:40.768766520Z\",\"device\":\"vb-1\",\"group\":\"G\",\"durationMs\":1743}",
                "{\"event\":\"note\",\"at\":\"2026-12-01T22:09:40.770Z\",\"text\":\"n\"}",
                "{\"event\":\"run-finished\",\"at\":\"2026-12-01T22:09:40.772667606Z\",\"exitCode\":3,\"interrupted\":false}"));
        List<JournalEvent> events = RunJournal.read(old);
        assertThat(events).hasSize(7);
        RunStarted run = (RunStarted) events.get(0);
        assertThat(run.runId()).isEqualTo("r1");
        assertThat(run.timeoutMultiplier()).isEqualTo(1.0);
        assertThat(run.devices()).singleElement().satisfies(d -> {
            assertThat(d.features()).containsEntry("PKCS11", "ECC");
            assertThat(d.config()).containsKey("identifiers");
        });
        assertThat(events.get(1)).isEqualTo(new GroupStarted(Instant.parse("2026-12-01T22:09:39.024416316Z"), "vb-1", "G",
                "PKCS #11 core", true));
        assertThat(events.get(2)).isEqualTo(new DevicePrepared(Instant.parse("2026-12-01T22:09:40.229231822Z"), "vb-1", "G",
                "image bd3055614a04 (built), flashed", 1198));
        assertThat(events.get(3)).isEqualTo(new TestFinished(Instant.parse("2026-12-01T22:09:40.582565557Z"), "vb-1", "G",
                "T", "T", "G.C", Outcome.ERROR, "m", "flash-failed", null, 3, 1, "logs/vb-1/G/T.log", Map.of()));
        assertThat(events.get(4)).isEqualTo(new GroupFinished(Instant.parse("2026-12-01T22:09:40.768766520Z"), "vb-1", "G", 1743));
        assertThat(events.get(5)).isEqualTo(new Note(Instant.parse("2026-12-01T22:09:40.770Z"), "n"));
        assertThat(events.get(6)).isEqualTo(new RunFinished(Instant.parse("2026-12-01T22:09:40.772667606Z"), 3, false));
    }

    @Test
    void eventsAndFieldsOfLaterVersionsAreSkipped() throws Exception {
        Path file = journalOf(List.of(new Note(AT, "before")));
        Files.writeString(file, "{\"event\":\"device-quarantined\",\"at\":\"2026-12-01T22:09:39Z\",\"device\":\"vb-1\"}\n"
                        + "{\"event\":\"note\",\"at\":\"2026-12-01T22:09:40Z\",\"text\":\"after\",\"severity\":\"info\"}\n",
                StandardOpenOption.APPEND);
        assertThat(RunJournal.read(file)).containsExactly(new Note(AT, "before"),
                new Note(Instant.parse("2026-12-01T22:09:40Z"), "after"));
    }

    @Test
    void aTornLastLineIsSkipped() throws Exception {
        List<JournalEvent> events = everyType().subList(0, 4);
        Path file = journalOf(events);
        Files.writeString(file, "{\"event\":\"note\",\"at\":\"2026-", StandardOpenOption.APPEND);
        assertThat(RunJournal.read(file)).containsExactlyElementsOf(events);
    }

    @Test
    void detailIsCutAtTheLimitAndAttemptsAreAtLeastOne() {
        String longDetail = "x".repeat(TestFinished.DETAIL_LIMIT + 10);
        TestFinished e = TestFinished.error(AT, CASE, "m", "internal", longDetail, Duration.ZERO);
        assertThat(e.detail()).hasSize(TestFinished.DETAIL_LIMIT + "\n[...]".length()).endsWith("\n[...]");
        assertThat(e.testId()).isEqualTo(CASE.name());
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.properties()).isEmpty();
        assertThat(new TestFinished(AT, "d", "g", "t", "t", "g.C", Outcome.PASSED, null, null, null, 0, 0, null, null).attempts())
                .isEqualTo(1);
    }

    @Test
    void appendsFromManyThreadsStayWholeLinesAndAppendNeverThrows() throws Exception {
        Path file = dir.resolve("threads.jsonl");
        RunJournal journal = new RunJournal(file);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            pool.submit(() -> {
                for (int i = 0; i < 100; i++) journal.append(new Note(AT, "thread " + thread + " event " + i + " " + "y".repeat(500)));
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        journal.close();
        assertThat(Files.readAllLines(file)).hasSize(800);
        assertThat(RunJournal.read(file)).hasSize(800);
        assertThatCode(() -> journal.append(new Note(AT, "after close"))).doesNotThrowAnyException();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }
}
