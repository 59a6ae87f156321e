package dev.qualify.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.cloud.aws.AwsIotConnection;
import dev.qualify.cloud.aws.AwsIotSettings;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cloud: {type: aws-iot}} through the real {@code bin/qualify}, against {@code qualify cloud start
 * --control-port} (the emulated cloud's IoT REST API, reached with the AWS SDK and the credentials it wrote):
 * good settings run; FullMQTT passes on a virtual board provisioned through the SDK (thing, certificate, scoped
 * policy, each journaled as it is created) and leaves nothing in the account; a region typo or an endpoint that does
 * not answer exits 2 naming it, before any device.
 */
class AwsIotCloudTypeIT {
    @TempDir
    Path dir;
    ControlPlaneCloud cloud;
    Path cloudDir;
    int controlPort;

    @BeforeEach
    void startCloud() throws Exception {
        cloud = ControlPlaneCloud.start(dir);
        cloudDir = cloud.dir();
        controlPort = cloud.controlPort();
    }

    @AfterEach
    void stopCloud() throws Exception {
        cloud.close();
    }

    private static final String SKIP_REASON = "needs the emulated cloud (audit findings); cloud.type is aws-iot";

    private Path config(String region, int port) throws Exception {
        return config(new VirtualPool(), region, port);
    }

    private Path config(VirtualPool pool, String region, int port) throws Exception {
        Path config = pool.board().write(dir);
        Path data = cloudDir.resolve("data");
        Files.writeString(config, Files.readString(config) + "cloud:\n  type: aws-iot\n  region: " + region + "\n  credentials: profile\n"
                + "  profile: qualify-cloud\n  credentialsFile: \"" + data.resolve("control-plane/credentials") + "\"\n"
                + "  endpoint: \"https://localhost:" + port + "\"\n  ca: \"" + data.resolve("ca/root-ca.pem") + "\"\n");
        return config;
    }

    @Test
    void goodSettingsAreAcceptedAndAHostGroupRuns() throws Exception {
        Path config = config("us-east-1", controlPort);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FreeRTOSVersion", "--device-wait", "5m");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout() + r.stderr()).doesNotContain(Files.readString(cloudDir.resolve("data/control-plane/credentials"))
                .lines().filter(l -> l.startsWith("aws_secret_access_key")).findFirst().orElseThrow().split("=")[1].trim());
    }

    @Test
    void theMqttGroupPassesOnAThingProvisionedThroughTheSdkJournaledAsCreatedAndNothingIsLeft() throws Exception {
        Path config = config(new VirtualPool().features("PKCS11: ECC, MQTT: \"Yes\""), "us-east-1", controlPort);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullMQTT",
                "--output", dir.resolve("results").toString(), "--lock-dir", dir.resolve("locks").toString(), "--device-wait", "5m");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(RunFiles.outcomes(r.runDir())).as("the device's four cases and the suite's check passed").hasSize(6)
                .containsEntry("FullMQTT/MQTT_Broker_Received_Device_Publishes", "PASSED")
                .containsEntry("FullMQTT/MQTT_No_Audit_Findings", "SKIPPED")
                .allSatisfy((test, outcome) -> assertThat(outcome).as(test).isEqualTo(test.endsWith("Audit_Findings") ? "SKIPPED" : "PASSED"));
        assertThat(message(r.runDir(), "MQTT_No_Audit_Findings")).isEqualTo(SKIP_REASON);

        List<String> notes = notes(r.runDir());
        String thing = notes.stream().filter(n -> n.startsWith("aws-iot: created thing ")).findFirst().orElseThrow()
                .substring("aws-iot: created thing ".length()).split(" ")[0];
        assertThat(thing).as("thing <prefix><run>-<device>").matches("qualify-[a-zA-Z0-9]{1,8}-board-1");
        String certificate = notes.stream().filter(n -> n.startsWith("aws-iot: created certificate ")).findFirst().orElseThrow()
                .substring("aws-iot: created certificate ".length()).split(" ")[0];
        assertThat(notes).as("each resource in the journal as it was created, then as it was deleted")
                .containsSubsequence("aws-iot: created thing " + thing + " (aws-iot-resources.jsonl)",
                        "aws-iot: created certificate " + certificate + " (aws-iot-resources.jsonl)",
                        "aws-iot: created policy " + thing + "-policy (aws-iot-resources.jsonl)")
                .anySatisfy(n -> assertThat(n).startsWith("aws-iot: deleted ")
                        .contains("thing " + thing, "certificate " + certificate, "policy " + thing + "-policy"));
        List<String> journal = Files.readAllLines(r.runDir().resolve("journal.jsonl"), StandardCharsets.UTF_8);
        int createdAt = journal.indexOf(journal.stream().filter(l -> l.contains("aws-iot: created thing ")).findFirst().orElseThrow());
        int firstTest = journal.indexOf(journal.stream().filter(l -> l.contains("\"event\":\"test-finished\"")).findFirst().orElseThrow());
        assertThat(createdAt).as("journaled when created, before the first test finished").isLessThan(firstTest);
        try (Stream<Path> logs = Files.walk(r.runDir().resolve("logs"))) {
            assertThat(logs.filter(Files::isRegularFile).map(AwsIotCloudTypeIT::read).filter(l -> l.contains("watches " + thing
                    + "/iot/integration/test/#") && l.contains("messages of the device on " + thing + "/iot/integration/test")))
                    .as("the suite's observer and the device used the provisioned thing's name").isNotEmpty();
        }

        Path data = cloudDir.resolve("data");
        Map<String, Object> account = Map.of("region", "us-east-1", "credentials", "profile", "profile", "qualify-cloud",
                "credentialsFile", data.resolve("control-plane/credentials").toString(),
                "endpoint", "https://localhost:" + controlPort, "ca", data.resolve("ca/root-ca.pem").toString());
        try (AwsIotConnection c = AwsIotConnection.open(AwsIotSettings.from(account))) {
            assertThat(c.iot().listThings(b -> { }).things()).as("things left").isEmpty();
            assertThatThrownBy(() -> c.iot().describeCertificate(b -> b.certificateId(certificate)))
                    .as("certificate left").isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> c.iot().getPolicy(b -> b.policyName(thing + "-policy")))
                    .as("policy left").isInstanceOf(ResourceNotFoundException.class);
        }
        String secret = Files.readString(cloudDir.resolve("data/control-plane/credentials")).lines()
                .filter(l -> l.startsWith("aws_secret_access_key")).findFirst().orElseThrow().split("=")[1].trim();
        assertThat(r.stdout() + r.stderr() + Files.readString(r.runDir().resolve("journal.jsonl"))).doesNotContain(secret);

        // the thing's private key, which AWS IoT made and the board was given in its image, is in no output either
        List<String> keyLines;
        try (Stream<Path> headers = Files.walk(r.runDir().resolve("work"))) {
            Path header = headers.filter(f -> f.getFileName().toString().equals("test_param_config.h")).findFirst().orElseThrow();
            Matcher key = Pattern.compile("MQTT_CLIENT_PRIVATE_KEY\\s+\"(.*?)\"").matcher(Files.readString(header));
            assertThat(key.find()).as(header.toString()).isTrue();
            keyLines = Stream.of(key.group(1).split(Pattern.quote("\\n"))).filter(l -> l.length() >= 16 && !l.startsWith("-----")).toList();
        }
        assertThat(keyLines).as("the key in the board's image").isNotEmpty();
        try (Stream<Path> files = Files.walk(r.runDir())) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !r.runDir().relativize(f).startsWith("work")).toList()) {
                String text = read(f);
                for (String line : keyLines) assertThat(text).as(f + " holds the thing's private key").doesNotContain(line);
            }
        }
        for (String line : keyLines) assertThat(r.stdout() + r.stderr()).as("the console").doesNotContain(line);
    }

    /** The emulated account through the SDK, as a user's AWS console would list it. */
    private AwsIotConnection account() {
        Path data = cloudDir.resolve("data");
        return AwsIotConnection.open(AwsIotSettings.from(Map.of("region", "us-east-1", "credentials", "profile",
                "profile", "qualify-cloud", "credentialsFile", data.resolve("control-plane/credentials").toString(),
                "endpoint", "https://localhost:" + controlPort, "ca", data.resolve("ca/root-ca.pem").toString())));
    }

    /** The things of the account that have a certificate attached, with those certificates' ids, listed through the SDK. */
    private Map<String, List<String>> provisionedThings() {
        try (AwsIotConnection c = account()) {
            Map<String, List<String>> out = new java.util.TreeMap<>();
            for (var t : c.iot().listThings(b -> { }).things()) {
                List<String> certs = c.iot().listThingPrincipals(b -> b.thingName(t.thingName())).principals().stream()
                        .map(arn -> arn.substring(arn.indexOf(":cert/") + ":cert/".length())).toList();
                out.put(t.thingName(), certs);
            }
            return out;
        }
    }

    /** No thing, and neither the certificates nor the policies of {@code things}, are left: asked through the SDK. */
    private void assertNothingLeftOf(Map<String, List<String>> things) {
        try (AwsIotConnection c = account()) {
            assertThat(c.iot().listThings(b -> { }).things()).as("things left").isEmpty();
            things.forEach((thing, certs) -> {
                for (String cert : certs) {
                    assertThatThrownBy(() -> c.iot().describeCertificate(b -> b.certificateId(cert)))
                            .as("certificate " + cert + " left").isInstanceOf(ResourceNotFoundException.class);
                }
                assertThatThrownBy(() -> c.iot().getPolicy(b -> b.policyName(thing + "-policy")))
                        .as("policy " + thing + "-policy left").isInstanceOf(ResourceNotFoundException.class);
            });
        }
    }

    /**
     * Starts {@code qualify run} of FullMQTT on a slow board in its own process group (SIGINT not ignored, as in a
     * terminal) and returns once the account holds the run's thing with its certificate attached (its last step).
     */
    private Process runUntilProvisioned(Path results) throws Exception {
        Path config = config(new VirtualPool().features("PKCS11: ECC, MQTT: \"Yes\"").board("--line-delay-ms", "300"),
                "us-east-1", controlPort);
        List<String> argv = List.of("setsid", "env", "--default-signal=INT", Qualify.HOME.resolve("bin/qualify").toString(),
                "run", "--config", config.toString(), "--group", "FullMQTT", "--output", results.toString(),
                "--lock-dir", dir.resolve("locks").toString(), "--device-wait", "5m");
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        // setsid, env and bin/qualify exec: the pid becomes the JVM's, leader of its own process group
        Qualify.awaitWhileRunning(p, dir, Duration.ofMinutes(2), () -> p.info().command().map(c -> c.endsWith("/java")).orElse(false));
        Qualify.awaitWhileRunning(p, dir, Duration.ofMinutes(3), () -> {
            Map<String, List<String>> things = provisionedThings();
            return things.size() == 1 && things.values().stream().noneMatch(List::isEmpty);
        });
        return p;
    }

    private static Path onlyRunDir(Path results) throws Exception {
        try (Stream<Path> runs = Files.list(results)) {
            List<Path> dirs = runs.filter(d -> Files.isDirectory(d) && !Files.isSymbolicLink(d)).toList();
            assertThat(dirs).hasSize(1);
            return dirs.get(0);
        }
    }

    @Test
    void aRunKilledWithKill9LeavesItsResourcesWhichCloudCleanupRunDeletesNothingLeftListedThroughTheSdk() throws Exception {
        Path results = dir.resolve("results");
        Process p = runUntilProvisioned(results);
        Map<String, List<String>> things = provisionedThings();
        assertThat(new ProcessBuilder("kill", "-9", String.valueOf(p.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
        assertThat(provisionedThings()).as("kill -9 left the run's things in the account").isEqualTo(things);
        Path runDir = onlyRunDir(results);
        try (AwsIotConnection c = account()) {
            for (String thing : things.keySet()) {
                assertThat(c.iot().describeThing(b -> b.thingName(thing)).attributes()).as("the thing names its run")
                        .containsEntry("qualifyRun", runDir.getFileName().toString()).containsKey("qualifyCreated");
                try (Stream<Path> cloudDirs = Files.list(runDir.resolve("work"))) {
                    assertThat(cloudDirs.map(d -> d.getFileName().toString())).as("the thing " + thing + " names the run's cloud directory")
                            .contains("cloud-" + thing.substring("qualify-".length()).split("-")[0]);
                }
            }
        }

        Path cleanupDir = Files.createDirectories(dir.resolve("cleanup"));
        Qualify.Result r = Qualify.run(cleanupDir, "cloud", "cleanup", "--run", runDir.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("Nothing is left.");
        things.forEach((thing, certs) -> {
            assertThat(r.stdout()).contains("deleted        thing " + thing, "deleted        policy " + thing + "-policy");
            certs.forEach(cert -> assertThat(r.stdout()).contains("deleted        certificate " + cert));
        });
        assertNothingLeftOf(things);
        assertThat(r.stdout() + r.stderr()).doesNotContain(secretAccessKey()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void sigtermDuringTheRunDeletesEverythingItCreatedBeforeQualifyExits() throws Exception {
        Path results = dir.resolve("results");
        Process p = runUntilProvisioned(results);
        Map<String, List<String>> things = provisionedThings();
        assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("qualify ends after SIGTERM").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isEqualTo(130);
        assertNothingLeftOf(things);
        assertThat(notes(onlyRunDir(results))).anySatisfy(n -> assertThat(n).startsWith("aws-iot: deleted ")
                .contains(things.keySet().toArray(String[]::new)));
    }

    @Test
    void ctrlCToTheProcessGroupDuringTheRunDeletesEverythingItCreatedBeforeQualifyExits() throws Exception {
        Path results = dir.resolve("results");
        Process p = runUntilProvisioned(results);
        Map<String, List<String>> things = provisionedThings();
        // procps kill needs "--" before a negative pid
        assertThat(new ProcessBuilder("kill", "-INT", "--", "-" + p.pid()).start().waitFor()).isZero();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("qualify ends after SIGINT").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isEqualTo(130);
        assertNothingLeftOf(things);
    }

    private String secretAccessKey() throws Exception {
        return Files.readString(cloudDir.resolve("data/control-plane/credentials")).lines()
                .filter(l -> l.startsWith("aws_secret_access_key")).findFirst().orElseThrow().split("=")[1].trim();
    }

    private static List<String> notes(Path runDir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(runDir.resolve("journal.jsonl"), StandardCharsets.UTF_8).stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).filter(n -> n.path("event").asText().equals("note")).map(n -> n.path("text").asText()).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String message(Path runDir, String id) throws Exception {
        for (JsonNode g : RunFiles.results(runDir).path("groups")) {
            for (JsonNode t : g.path("tests")) if (t.path("testId").asText().equals(id)) return t.path("message").asText();
        }
        throw new AssertionError("no test " + id);
    }

    @Test
    void aRegionTypoExitsTwoNamingItBeforeAnyDevice() throws Exception {
        Qualify.Result r = Qualify.run(dir, "run", "--config", config("us-eats-1", controlPort).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("us-eats-1", "did you mean us-east-1?");
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void missingAwsCredentialsExitTwoNamingThemBeforeAnyDevice() throws Exception {
        Path config = config("us-east-1", controlPort);
        Files.writeString(config, Files.readString(config).replace("profile: qualify-cloud", "profile: nobody"));
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(2);
        assertThat(r.stderr()).contains("missing AWS credentials", "profile 'nobody'");
        assertThat(dir.resolve("results")).doesNotExist();

        Path env = config("us-east-1", controlPort);
        Files.writeString(env, Files.readString(env).replace("credentials: profile\n  profile: qualify-cloud\n", "credentials: environment\n")
                .replaceAll("  credentialsFile: .*\n", ""));
        assertThat(Files.readString(env)).contains("credentials: environment").doesNotContain("credentialsFile");
        ProcessBuilder pb = new ProcessBuilder(Qualify.HOME.resolve("bin/qualify").toString(), "run", "--config", env.toString(),
                "--output", dir.resolve("results").toString()).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        Process p = pb.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        Qualify.Result e = Qualify.finished(p, dir);
        assertThat(e.exitCode()).as(e.stdout() + e.stderr()).isEqualTo(2);
        assertThat(e.stderr()).contains("missing AWS credentials", "AWS_ACCESS_KEY_ID");
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void aCaThatDoesNotSignTheEndpointExitsTwoSayingSoBeforeAnyDevice() throws Exception {
        Path config = config("us-east-1", controlPort);
        Path otherCa = dir.resolve("other-ca.pem");
        Files.writeString(otherCa, dev.qualify.cloud.ca.CertificateAuthority.generate("some other CA").certificatePem());
        Files.writeString(config, Files.readString(config).replace(cloudDir.resolve("data").resolve("ca/root-ca.pem").toString(), otherCa.toString()));
        assertThat(Files.readString(config)).contains(otherCa.toString());
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(2);
        assertThat(r.stderr()).contains("TLS to https://localhost:" + controlPort, "does not chain to cloud.ca " + otherCa, "wrong CA");
        assertThat(dir.resolve("results")).doesNotExist();
    }

    @Test
    void anEndpointThatDoesNotAnswerExitsTwoNamingItBeforeAnyDevice() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Qualify.Result r = Qualify.run(dir, "run", "--config", config("us-east-1", closed).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("cannot reach https://localhost:" + closed);
        assertThat(dir.resolve("results")).doesNotExist();
    }
}
