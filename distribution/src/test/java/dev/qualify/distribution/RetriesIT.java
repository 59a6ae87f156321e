package dev.qualify.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --retries}: groups whose cases ended in ERROR run again, a test that errored and then passed is reported
 * flaky, a FAILED verdict is never retried, and a device whose groups keep erroring is taken out of the pool, all
 * through the real {@code bin/qualify} and virtual boards.
 */
class RetriesIT {
    private static final String PLAIN = "FullTransportInterfacePlainText";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aBoardThatDropsItsPortOncePassesOnTheRetryAndItsTestsAreReportedFlaky() throws Exception {
        Path config = new VirtualPool().board("--drop-port-once").write(dir);
        Qualify.Result r = run(config, "--group", PLAIN, "--retries", "1");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path runDir = r.runDir();
        assertThat(r.stdout().lines().filter(l -> l.contains(PLAIN + ": finished in")).reduce((a, b) -> b))
                .as("the running totals after the retry count each case once, by its final outcome")
                .hasValueSatisfying(l -> assertThat(l).endsWith("(14 passed, 0 failed, 0 errors, 0 skipped)"));

        Path junit = runDir.resolve("junit.xml");
        JUnitXml.validate(junit, "jenkins-junit-10.xsd");
        assertThat(JUnitXml.outcomes(junit, "board-1").values()).hasSize(14).containsOnly("passed");
        assertThat(JUnitXml.count(junit, "flakyError")).as("the cases the dropped port cut off").isPositive();
        for (Path suite : suiteFiles(runDir)) {
            JUnitXml.validate(suite, "ant-junit.xsd");
            assertThat(JUnitXml.count(suite, "flakyError")).as("the Ant schema has no flaky elements").isZero();
        }

        JsonNode results = JSON.readTree(runDir.resolve("results.json").toFile());
        assertThat(results.path("totals").path("errors").asInt()).isZero();
        assertThat(results.path("totals").path("passed").asInt()).isEqualTo(14);
        List<JsonNode> flaky = new ArrayList<>();
        results.path("groups").get(0).path("tests").forEach(t -> {
            if (t.path("flaky").asBoolean()) flaky.add(t);
        });
        assertThat(flaky).isNotEmpty();
        JsonNode attempts = flaky.get(0).path("attemptList");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).path("outcome").asText()).isEqualTo("ERROR");
        assertThat(attempts.get(0).path("errorType").asText()).isEqualTo("port-gone");
        assertThat(attempts.get(1).path("outcome").asText()).isEqualTo("PASSED");
        assertThat(attempts.get(1).path("deviceId").asText()).isEqualTo("board-1");
        assertThat(attempts.get(1).path("logPath").asText()).startsWith("logs/board-1/" + PLAIN + "/attempt-2/");
        assertThat(runDir.resolve(attempts.get(1).path("logPath").asText())).isRegularFile();

        String html = Files.readString(runDir.resolve("report.html"), StandardCharsets.UTF_8);
        assertThat(html).contains("class=\"badge flaky\"").contains("attempt 1: <span class=\"badge error\">ERROR</span>")
                .contains("attempt 2: <span class=\"badge passed\">PASSED</span>");
        assertThat(journalLines(runDir, "\"event\":\"group-started\"")).hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("\"attempt\":2"));
    }

    @Test
    void groupsSharingABootThatErredRunAgainInOneNewBoot() throws Exception {
        Path config = new VirtualPool().features("PKCS11: ECC, KeyProvisioning: Both").board("--drop-port-once").write(dir);
        Qualify.Result r = run(config, "--group", "FullPKCS11_Core,FullPKCS11_Import_ECC,FullPKCS11_Onboard_ECC",
                "--retries", "1");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        List<String> journal = Files.readAllLines(r.runDir().resolve("journal.jsonl"), StandardCharsets.UTF_8);
        int rerun = 0;
        while (!journal.get(rerun).contains("\"attempt\":2")) rerun++;
        List<String> second = journal.subList(rerun, journal.size());
        assertThat(second.stream().filter(l -> l.contains("\"event\":\"group-started\"")))
                .as("the three groups run again, in their order").hasSize(3)
                .satisfiesExactly(l -> assertThat(l).contains("FullPKCS11_Core"),
                        l -> assertThat(l).contains("FullPKCS11_Import_ECC"),
                        l -> assertThat(l).contains("FullPKCS11_Onboard_ECC"));
        List<String> prepared = second.stream().filter(l -> l.contains("\"event\":\"device-prepared\"")).toList();
        assertThat(prepared).hasSize(3);
        assertThat(prepared.get(0)).as("one new boot for the rerun").contains("rebooted");
        assertThat(prepared.subList(1, 3)).allSatisfy(l -> assertThat(l).contains("same boot as the previous group"));
        JsonNode results = JSON.readTree(r.runDir().resolve("results.json").toFile());
        assertThat(results.path("groups")).hasSize(3).allSatisfy(g -> assertThat(g.path("outcome").asText()).isEqualTo("PASSED"));
        JUnitXml.validate(r.runDir().resolve("junit.xml"), "jenkins-junit-10.xsd");
    }

    @Test
    void withoutRetriesTheDroppedPortEndsTheRunAsAnInfrastructureError() throws Exception {
        Path config = new VirtualPool().board("--drop-port-once").write(dir);
        Qualify.Result r = run(config, "--group", PLAIN);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
        Path junit = r.runDir().resolve("junit.xml");
        JUnitXml.validate(junit);
        assertThat(JUnitXml.outcomes(junit, "board-1").values()).contains("error");
        assertThat(JUnitXml.count(junit, "flakyError")).isZero();
        assertThat(journalLines(r.runDir(), "\"event\":\"group-started\"")).hasSize(1);
    }

    @Test
    void aFailedVerdictIsNotRetried() throws Exception {
        Path config = new VirtualPool().board("--fail-case", "Transport_SendRecvCompare").write(dir);
        Qualify.Result r = run(config, "--group", PLAIN, "--retries", "2");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        assertThat(journalLines(r.runDir(), "\"event\":\"group-started\"")).hasSize(1);
        JsonNode results = JSON.readTree(r.runDir().resolve("results.json").toFile());
        results.path("groups").get(0).path("tests").forEach(t -> {
            assertThat(t.path("attempts").asInt()).as(t.path("name").asText()).isEqualTo(1);
            assertThat(t.path("attemptList")).isEmpty();
        });
        assertThat(JUnitXml.outcomes(r.runDir().resolve("junit.xml"), "board-1")).containsEntry("Transport_SendRecvCompare", "failure");
    }

    @Test
    void aDeviceThatAlwaysFailsIsTakenOutAndItsGroupsPassOnTheOtherDevice() throws Exception {
        // the good board is slowed down, so the dead one (which fails within seconds) is sure to take a second group
        VirtualPool pool = new VirtualPool().features("PKCS11: ECC, OTA: \"Yes\"").board("--line-delay-ms", "100").deadBoard();
        Path config = pool.write(dir);
        Qualify.Result r = run(config, "--group", PLAIN + ",FullTransportInterfaceTLS,FullPKCS11_Core,OTACore",
                "--retries", "1");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path runDir = r.runDir();
        String taken = "device board-2 taken out of the pool for the rest of the run";
        assertThat(r.stdout()).contains("[board-2] taken out of the pool for the rest of the run").contains(taken);
        assertThat(Files.readString(runDir.resolve("summary.txt"), StandardCharsets.UTF_8)).contains(taken);
        assertThat(Files.readString(runDir.resolve("report.html"), StandardCharsets.UTF_8)).contains(taken);
        JsonNode results = JSON.readTree(runDir.resolve("results.json").toFile());
        assertThat(results.path("notes").toString()).contains(taken);
        assertThat(results.path("groups")).hasSize(4).allSatisfy(g -> {
            assertThat(g.path("deviceId").asText()).isEqualTo("board-1");
            assertThat(g.path("outcome").asText()).isEqualTo("PASSED");
        });
        List<JsonNode> movedGroups = new ArrayList<>();
        results.path("groups").forEach(g -> {
            if (g.path("tests").get(0).path("flaky").asBoolean()) movedGroups.add(g);
        });
        assertThat(movedGroups).as("the two groups board-2 errored on passed on board-1: flaky").hasSize(2)
                .allSatisfy(g -> g.path("tests").forEach(t -> {
                    assertThat(t.path("flaky").asBoolean()).isTrue();
                    assertThat(t.path("attemptList").get(0).path("deviceId").asText()).isEqualTo("board-2");
                    assertThat(t.path("attemptList").get(0).path("errorType").asText()).isEqualTo("port-unreachable");
                    assertThat(t.path("attemptList").get(1).path("deviceId").asText()).isEqualTo("board-1");
                }));
        assertThat(journalLines(runDir, "\"event\":\"device-quarantined\"")).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("\"device\":\"board-2\""));
        assertThat(journalLines(runDir, "\"event\":\"group-started\"")).filteredOn(l -> l.contains("\"device\":\"board-2\""))
                .as("nothing is handed to board-2 after its second error").hasSize(2);
        JUnitXml.validate(runDir.resolve("junit.xml"), "jenkins-junit-10.xsd");
    }

    @Test
    void whenTheLastDeviceIsTakenOutTheGroupsLeftAreReportedAsErrors() throws Exception {
        Path config = new VirtualPool().deadBoard().write(dir);
        Qualify.Result r = run(config, "--group", PLAIN + ",FullTransportInterfaceTLS,FullPKCS11_Core", "--retries", "1");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
        JsonNode results = JSON.readTree(r.runDir().resolve("results.json").toFile());
        assertThat(results.path("notes").toString()).contains("device board-1 taken out of the pool");
        List<JsonNode> ran = new ArrayList<>();
        List<JsonNode> notRun = new ArrayList<>();
        results.path("groups").forEach(g -> (g.path("tests").get(0).path("errorType").asText().equals("no-device")
                ? notRun : ran).add(g));
        assertThat(ran).as("the two groups whose errors took the only board out").hasSize(2)
                .allSatisfy(g -> assertThat(g.path("outcome").asText()).isEqualTo("ERROR"));
        assertThat(notRun).as("the group no device was left for").hasSize(1);
        assertThat(notRun.get(0).path("tests")).isNotEmpty().allSatisfy(t -> {
            assertThat(t.path("outcome").asText()).isEqualTo("ERROR");
            assertThat(t.path("errorType").asText()).isEqualTo("no-device");
            assertThat(t.path("message").asText()).contains("taken out of service");
        });
        assertThat(results.path("notes").toString()).contains("not run again");
        JUnitXml.validate(r.runDir().resolve("junit.xml"), "jenkins-junit-10.xsd");
    }

    @Test
    void aNegativeRetryCountIsAUsageError() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Qualify.Result r = run(config, "--group", PLAIN, "--retries", "-1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--retries");
    }

    private Qualify.Result run(Path config, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("run", "--config", config.toString(), "--output",
                dir.resolve("results").toString()));
        argv.addAll(List.of(args));
        return Qualify.run(dir, argv.toArray(String[]::new));
    }

    private static List<String> journalLines(Path runDir, String marker) throws Exception {
        return Files.readAllLines(runDir.resolve("journal.jsonl"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(marker)).toList();
    }

    private static List<Path> suiteFiles(Path runDir) throws Exception {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(runDir.resolve("junit"), "TEST-*.xml")) {
            s.forEach(out::add);
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
