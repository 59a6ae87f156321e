package dev.qualify.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.ConnectionEvent;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketFile;
import dev.qualify.cloud.capture.PacketType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live commands on a running {@code qualify cloud start --advisor}, each through bin/qualify, against the stock
 * Mosquitto clients: log (and --follow), faults, shadow, jobs and policies.
 */
class LiveCloudCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> THINGS = List.of("f1", "w1", "p1", "d1", "l1", "s1", "sh1", "j1", "pa", "ps", "ar");

    @TempDir
    static Path dir;
    static Path data;
    static Process cloud;
    static int port;
    private static int commands;

    @BeforeAll
    static void startCloudAndThings() throws Exception {
        Mosquitto.require();
        data = dir.resolve("data");
        Path cloudDir = Files.createDirectories(dir.resolve("cloud"));
        cloud = Qualify.start(cloudDir, "cloud", "start", "--port", "0", "--advisor", "--data-dir", data.toString());
        Qualify.awaitWhileRunning(cloud, cloudDir, Duration.ofMinutes(2),
                () -> Files.readString(cloudDir.resolve("stdout.txt")).contains("Stop with Ctrl-C"));
        Matcher m = Pattern.compile("mqtts://localhost:(\\d+)").matcher(Files.readString(cloudDir.resolve("stdout.txt")));
        assertThat(m.find()).isTrue();
        port = Integer.parseInt(m.group(1));
        for (String t : THINGS) {
            Qualify.Result r = q("cloud", "thing", "create", t, "--out", dir.resolve("certs-" + t).toString());
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
    }

    @AfterAll
    static void stopCloud() throws Exception {
        if (cloud == null) return;
        cloud.destroy(); // SIGTERM: the cloud's shutdown hook stops it
        assertThat(cloud.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(data.resolve("admin.json")).doesNotExist();
    }

    /** Runs bin/qualify with {@code --data-dir} of the running cloud. */
    private static Qualify.Result q(String... args) throws Exception {
        Path d = Files.createDirectories(dir.resolve("cmd-" + (++commands)));
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--data-dir", data.toString()));
        return Qualify.run(d, a.toArray(String[]::new));
    }

    private static Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static Mosquitto client(String thing) {
        return new Mosquitto(dir.resolve("certs-" + thing), port, dir);
    }

    private static PacketFile.Contents capture() {
        return PacketFile.read(data);
    }

    /**
     * Waits until the capture file holds exactly {@code count} such packets: the file is written on its own thread,
     * so a packet a client has already seen (its process has exited) may reach the file a moment later.
     */
    private static void awaitCaptured(String client, Direction d, PacketType type, int count) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(packets(client, d, type)).hasSize(count));
    }

    private static List<CapturedPacket> packets(String client, Direction d, PacketType type) {
        return capture().packets(client).stream().filter(p -> p.direction() == d && p.type() == type).toList();
    }

    private static void awaitSubscribed(String client) {
        await().atMost(WAIT).until(() -> !packets(client, Direction.OUT, PacketType.SUBACK).isEmpty());
        assertThat(packets(client, Direction.OUT, PacketType.SUBACK).get(0).codes()).doesNotContain(0x80);
    }

    @Test
    void logFollowShowsAMosquittoPubsConnectAndPublishAndJsonHasThePayload() throws Exception {
        Path logDir = Files.createDirectories(dir.resolve("log-follow"));
        Process follow = Qualify.start(logDir, "cloud", "log", "--follow", "--client", "f1", "--data-dir", data.toString());
        try {
            Mosquitto.Result other = client("f1").pub("f1-other", "f1/other", "x", 1);
            assertThat(other.exitCode()).as(other.stderr()).isZero();
            Mosquitto.Result r = client("f1").pub("f1", "f1/hello", "hello", 1);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            Path out = logDir.resolve("stdout.txt");
            await().atMost(WAIT).until(() -> Files.readString(out).contains("OUT  PUBACK  id=1"));
            String text = Files.readString(out);
            assertThat(text).containsPattern("(?m)^\\S+Z  f1  IN   CONNECT  clientId=f1 version=4 ")
                    .containsPattern("(?m)^\\S+Z  f1  OUT  CONNACK codes=\\[0]$")
                    .containsPattern("(?m)^\\S+Z  f1  IN   PUBLISH  id=1 qos=1 topic=f1/hello bytes=5$")
                    .doesNotContain("f1-other", "f1/other");
        } finally {
            follow.destroy();
            follow.waitFor(30, TimeUnit.SECONDS);
        }
        Qualify.Result json = q("cloud", "log", "--json", "--client", "f1");
        assertThat(json.exitCode()).as(json.stderr()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : json.stdout().split("\n")) lines.add(JSON.readTree(l));
        assertThat(lines).allSatisfy(n -> assertThat(n.path("client").asText()).isEqualTo("f1"));
        assertThat(lines).anySatisfy(n -> {
            assertThat(n.get("type").asText()).isEqualTo("PUBLISH");
            assertThat(n.get("topic").asText()).isEqualTo("f1/hello");
            assertThat(new String(java.util.Base64.getDecoder().decode(n.get("payload").asText()), StandardCharsets.UTF_8)).isEqualTo("hello");
        });
    }

    @Test
    void withholdConnackTwiceTimesOutMosquittoSubsFirstTwoConnectsAndTheThirdSucceeds() throws Exception {
        Qualify.Result f = q("cloud", "fault", "w1", "withhold-connack", "2");
        assertThat(f.exitCode()).as(f.stderr()).isZero();
        assertThat(f.stdout()).contains("w1: withhold-connack=2");
        // keep-alive 5 s: mosquitto_sub gives up on a connect without CONNACK after it and connects again
        Mosquitto.Running sub = client("w1").subscribe("w1", List.of("w1/x"), 1, "-k", "5");
        await().atMost(WAIT).until(() -> !packets("w1", Direction.OUT, PacketType.CONNACK).isEmpty());
        awaitSubscribed("w1");
        assertThat(client("w1").pub("w1-p", "w1/x", "through", 0).exitCode()).isZero();
        Mosquitto.Result r = sub.finish(60);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("w1/x through");
        awaitCaptured("w1", Direction.OUT, PacketType.CONNACK, 1);
        PacketFile.Contents c = capture();
        assertThat(c.packets("w1").stream().filter(p -> p.type() == PacketType.CONNECT)).hasSize(3);
        assertThat(c.events("w1").stream().filter(e -> e.event().equals("CONNACK_WITHHELD"))).hasSize(2);
        assertThat(q("cloud", "fault", "list").stdout()).doesNotContain("w1");
    }

    @Test
    void withholdPubackLeavesOnePublishUnacknowledgedAndTheNextIsAcknowledged() throws Exception {
        assertThat(q("cloud", "fault", "p1", "withhold-puback").exitCode()).isZero();
        assertThat(q("cloud", "fault", "list").stdout()).contains("p1  withhold-puback=1");
        Mosquitto.Running first = client("p1").start("mosquitto_pub", "p1", "-t", "p1/a", "-m", "one", "-q", "1");
        await().atMost(WAIT).until(() -> !packets("p1", Direction.IN, PacketType.PUBLISH).isEmpty());
        // mosquitto_pub waits for the PUBACK that never comes (MQTT 3.1.1 re-sends only on a new connection)
        assertThat(first.process().waitFor(5, TimeUnit.SECONDS)).isFalse();
        assertThat(packets("p1", Direction.OUT, PacketType.PUBACK)).isEmpty();
        first.process().destroy();
        first.process().waitFor(10, TimeUnit.SECONDS);
        Mosquitto.Result second = client("p1").pub("p1", "p1/a", "two", 1);
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        awaitCaptured("p1", Direction.OUT, PacketType.PUBACK, 1);
    }

    @Test
    void advisorReportJudgesWhatAMosquittoClientDidAndExitsOneWhenACaseFailed() throws Exception {
        assertThat(q("cloud", "fault", "ar", "withhold-puback").exitCode()).isZero();
        Mosquitto.Running pub = client("ar").start("mosquitto_pub", "ar", "-t", "ar/a", "-m", "one", "-q", "1");
        await().atMost(WAIT).until(() -> !packets("ar", Direction.IN, PacketType.PUBLISH).isEmpty());
        assertThat(pub.process().waitFor(3, TimeUnit.SECONDS)).isFalse(); // MQTT 3.1.1: no re-send on the same connection
        pub.process().destroy();
        pub.process().waitFor(10, TimeUnit.SECONDS);

        Qualify.Result all = q("cloud", "advisor", "report", "ar");
        assertThat(all.exitCode()).as(all.stdout() + all.stderr()).isEqualTo(1);
        assertThat(all.stdout()).contains("MQTT_Connect: PASS")
                .contains("MQTT_Publish_Retry_No_Puback: FAIL").contains("PUBLISH packet id 1 was never re-sent")
                .containsPattern("IN +PUBLISH +id=1 qos=1 ")
                .contains("MQTT_Connect_Jitter_Backoff_Retries: NOT_EXERCISED")
                .containsPattern("(?m)^ar: \\d+ PASS, \\d+ FAIL, \\d+ NOT_EXERCISED of 24 cases$");
        Qualify.Result one = q("cloud", "advisor", "report", "ar", "--case", "MQTT_Connect");
        assertThat(one.exitCode()).as(one.stdout() + one.stderr()).isZero();
        assertThat(one.stdout()).contains("MQTT_Connect: PASS").doesNotContain("MQTT_Publish_Retry_No_Puback");

        Qualify.Result stranger = q("cloud", "advisor", "report", "nobody");
        assertThat(stranger.exitCode()).isEqualTo(2);
        assertThat(stranger.stderr()).contains("nobody is not in the recording").contains("the clients in it: ").contains("ar");
        Qualify.Result typo = q("cloud", "advisor", "report", "ar", "--case", "MQTT_Conect");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.stderr()).contains("--case MQTT_Conect: no such case").contains("MQTT_Connect");
    }

    @Test
    void dropAfterConnackClosesTheFirstConnectionRightAfterItsConnackAndTheNextOneWorks() throws Exception {
        assertThat(q("cloud", "fault", "d1", "drop-after-connack").stdout()).contains("d1: drop-after-connack=1");
        Mosquitto.Result dropped = client("d1").pub("d1", "d1/t", "first", 1);
        assertThat(dropped.exitCode()).isNotZero();
        awaitCaptured("d1", Direction.OUT, PacketType.CONNACK, 1);
        String connection = packets("d1", Direction.OUT, PacketType.CONNACK).get(0).connectionId();
        await().atMost(WAIT).until(() -> capture().events("d1").stream()
                .anyMatch(e -> e.connectionId().equals(connection) && e.event().equals("CLOSED")));
        assertThat(capture().packets("d1").stream().filter(p -> p.connectionId().equals(connection)))
                .noneMatch(p -> p.type() == PacketType.PUBLISH);
        Mosquitto.Result next = client("d1").pub("d1", "d1/t", "second", 1);
        assertThat(next.exitCode()).as(next.stderr()).isZero();
        awaitCaptured("d1", Direction.OUT, PacketType.PUBACK, 1);
    }

    @Test
    void latencyDelaysTheConnackAndThePubackByAtLeastIt() throws Exception {
        assertThat(q("cloud", "fault", "l1", "latency", "400ms").stdout()).contains("l1: latency=400ms");
        long start = System.nanoTime();
        Mosquitto.Result r = client("l1").pub("l1", "l1/t", "x", 1);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(tookMillis).isGreaterThanOrEqualTo(800); // the CONNACK and the PUBACK each came 400 ms late
        awaitCaptured("l1", Direction.OUT, PacketType.PUBACK, 1);
        CapturedPacket connect = packets("l1", Direction.IN, PacketType.CONNECT).get(0);
        CapturedPacket connack = packets("l1", Direction.OUT, PacketType.CONNACK).get(0);
        CapturedPacket publish = packets("l1", Direction.IN, PacketType.PUBLISH).get(0);
        CapturedPacket puback = packets("l1", Direction.OUT, PacketType.PUBACK).get(0);
        assertThat(TimeUnit.NANOSECONDS.toMillis(connack.nanos() - connect.nanos())).isGreaterThanOrEqualTo(400);
        assertThat(TimeUnit.NANOSECONDS.toMillis(puback.nanos() - publish.nanos())).isGreaterThanOrEqualTo(400);
        assertThat(q("cloud", "fault", "l1", "clear").stdout()).contains("l1: no faults armed");
    }

    @Test
    void lossOfAllPublishesToASubscriberDropsThemUntilItIsTurnedOff() throws Exception {
        assertThat(q("cloud", "fault", "s1", "loss", "100%").stdout()).contains("s1: loss=100%");
        Mosquitto.Running sub = client("s1").subscribe("s1", List.of("s1/t"), 1);
        awaitSubscribed("s1");
        assertThat(client("s1").pub("s1-pub", "s1/t", "lost", 0).exitCode()).isZero();
        await().atMost(WAIT).until(() -> capture().events("s1").stream().anyMatch(e -> e.event().equals("LOST")));
        assertThat(q("cloud", "fault", "s1", "loss", "0%").stdout()).contains("s1: no faults armed");
        assertThat(client("s1").pub("s1-pub", "s1/t", "kept", 0).exitCode()).isZero();
        Mosquitto.Result r = sub.finish(60);
        assertThat(r.stdout()).contains("s1/t kept").doesNotContain("lost");
        ConnectionEvent lost = capture().events("s1").stream().filter(e -> e.event().equals("LOST")).findFirst().orElseThrow();
        assertThat(lost.detail()).contains("outbound PUBLISH", "s1/t");

        assertThat(q("cloud", "fault", "s1", "loss", "5%").stdout()).contains("s1: loss=5%");
        assertThat(q("cloud", "fault", "list").stdout()).contains("s1  loss=5%");
        assertThat(q("cloud", "fault", "s1", "clear").exitCode()).isZero();
    }

    @Test
    void aFaultThatIsNotOneExitsTwoAndNamesTheKnownOnes() throws Exception {
        Qualify.Result r = q("cloud", "fault", "x", "loss", "five");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("loss: 'five' is not a percentage such as 5%");
        r = q("cloud", "fault", "x", "withhold-connak", "2");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown fault 'withhold-connak'", "withhold-connack");
    }

    @Test
    void aShadowUpdateFromTheCommandLineReachesASubscribedMosquittoSubAsADelta() throws Exception {
        Mosquitto.Running sub = client("sh1").subscribe("sh1", List.of("$aws/things/sh1/shadow/update/delta"), 1);
        awaitSubscribed("sh1");
        Qualify.Result u = q("cloud", "shadow", "update", "sh1", "--document",
                file("desired.json", "{\"state\":{\"desired\":{\"led\":\"on\"}}}").toString());
        assertThat(u.exitCode()).as(u.stderr()).isZero();
        assertThat(JSON.readTree(u.stdout()).at("/state/desired/led").asText()).isEqualTo("on");
        Mosquitto.Result r = sub.finish(60);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode delta = JSON.readTree(r.stdout().substring(r.stdout().indexOf(' ') + 1));
        assertThat(delta.at("/state/led").asText()).isEqualTo("on");
        Qualify.Result g = q("cloud", "shadow", "get", "sh1");
        assertThat(JSON.readTree(g.stdout()).at("/state/delta/led").asText()).isEqualTo("on");

        Path notJson = file("broken.json", "{\"state\": {");
        Qualify.Result bad = q("cloud", "shadow", "update", "sh1", "--document", notJson.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains(notJson.toString(), "not valid JSON");
        Path noState = file("nostate.json", "{\"desired\":{\"led\":\"off\"}}");
        bad = q("cloud", "shadow", "update", "sh1", "--document", noState.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains(noState.toString(), "no field 'state'");
    }

    @Test
    void aJobCreatedFromTheCommandLineReachesNotifyNextAndItsCancelTooAndListShowsIt() throws Exception {
        Mosquitto.Running sub = client("j1").subscribe("j1", List.of("$aws/things/j1/jobs/notify-next"), 2);
        awaitSubscribed("j1");
        Path doc = file("job.json", "{\"operation\":\"reboot\"}");
        Qualify.Result c = q("cloud", "job", "create", "--thing", "j1", "--document", doc.toString(), "--job-id", "fw-1");
        assertThat(c.exitCode()).as(c.stderr()).isZero();
        assertThat(c.stdout().trim()).isEqualTo("fw-1");
        await().atMost(WAIT).until(() -> packets("j1", Direction.OUT, PacketType.PUBLISH).size() == 1);
        JsonNode next = JSON.readTree(packets("j1", Direction.OUT, PacketType.PUBLISH).get(0).payloadAsString());
        assertThat(next.at("/execution/jobId").asText()).isEqualTo("fw-1");
        assertThat(next.at("/execution/jobDocument/operation").asText()).isEqualTo("reboot");
        assertThat(q("cloud", "job", "list", "--thing", "j1").stdout()).contains("fw-1  j1  QUEUED");

        Qualify.Result cancel = q("cloud", "job", "cancel", "fw-1");
        assertThat(cancel.exitCode()).as(cancel.stderr()).isZero();
        Mosquitto.Result r = sub.finish(60);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String[] lines = r.stdout().strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[1].substring(lines[1].indexOf(' ') + 1)).has("execution")).isFalse(); // nothing next
        assertThat(q("cloud", "job", "list").stdout()).contains("fw-1  j1  CANCELED");

        Qualify.Result bad = q("cloud", "job", "create", "--thing", "j1", "--document", file("array.json", "[1]").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("array.json", "must be a JSON object");
        bad = q("cloud", "job", "create", "--thing", "nosuch", "--document", doc.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("no thing nosuch");
        bad = q("cloud", "job", "cancel", "no-such-job");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("no job no-such-job");
    }

    @Test
    void aPolicyCreatedAndAttachedFromTheCommandLineLetsAClientPublishWhereItWasDenied() throws Exception {
        Path fleet = file("fleet.json", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"], "Resource": "arn:aws:iot:*:*:topic/fleet/*"},
                  {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "arn:aws:iot:*:*:topicfilter/fleet/*"}
                ]}""");
        assertThat(q("cloud", "policy", "create", "fleet", "--document", fleet.toString()).exitCode()).isZero();
        Qualify.Result a = q("cloud", "policy", "attach", "fleet", "--thing", "ps");
        assertThat(a.exitCode()).as(a.stderr()).isZero();
        assertThat(a.stdout()).contains("in force on the cloud running as pid " + cloud.pid());
        Mosquitto.Running sub = client("ps").subscribe("ps", List.of("fleet/data"), 1);
        awaitSubscribed("ps");

        client("pa").pub("pa", "fleet/data", "before", 1);
        await().atMost(WAIT).until(() -> capture().events("pa").stream().anyMatch(e -> e.event().equals("PUBLISH_DENIED")));
        assertThat(q("cloud", "policy", "attach", "fleet", "--thing", "pa").exitCode()).isZero();
        Mosquitto.Result after = client("pa").pub("pa", "fleet/data", "after", 1);
        assertThat(after.exitCode()).as(after.stderr()).isZero();
        Mosquitto.Result r = sub.finish(60);
        assertThat(r.stdout()).contains("fleet/data after").doesNotContain("before");
        assertThat(q("cloud", "policy", "list").stdout()).contains("fleet", "[pa]", "[ps]");

        Path noStatement = file("nostatement.json", "{\"Version\": \"2012-10-17\"}");
        Qualify.Result bad = q("cloud", "policy", "create", "broken", "--document", noStatement.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains(noStatement.toString(), "has no Statement");
    }

    @Test
    void withoutARunningCloudJobsAndShadowsChangeTheDataDirAndFaultsExitThree() throws Exception {
        Path work = Files.createDirectories(dir.resolve("no-cloud"));
        String offline = work.resolve("d").toString();
        assertThat(Qualify.run(work, "cloud", "thing", "create", "off1", "--data-dir", offline, "--out", work.resolve("c").toString())
                .exitCode()).isZero();
        Path doc = file("offline-job.json", "{\"operation\":\"update\"}");
        Qualify.Result c = Qualify.run(work, "cloud", "job", "create", "--thing", "off1", "--document", doc.toString(),
                "--job-id", "off-1", "--data-dir", offline);
        assertThat(c.exitCode()).as(c.stderr()).isZero();
        assertThat(c.stdout().trim()).isEqualTo("off-1");
        assertThat(c.stderr()).contains("no cloud is running on", "done in its data dir");
        assertThat(Qualify.run(work, "cloud", "job", "list", "--data-dir", offline).stdout()).contains("off-1  off1  QUEUED");
        Qualify.Result u = Qualify.run(work, "cloud", "shadow", "update", "off1", "--name", "config", "--document",
                file("offline-shadow.json", "{\"state\":{\"desired\":{\"rate\":5}}}").toString(), "--data-dir", offline);
        assertThat(u.exitCode()).as(u.stderr()).isZero();
        Qualify.Result g = Qualify.run(work, "cloud", "shadow", "get", "off1", "--name", "config", "--data-dir", offline);
        assertThat(JSON.readTree(g.stdout()).at("/state/desired/rate").asInt()).isEqualTo(5);
        assertThat(JSON.readTree(Files.readString(work.resolve("d/jobs.json"))).at("/jobs/0/jobId").asText()).isEqualTo("off-1");

        Qualify.Result f = Qualify.run(work, "cloud", "fault", "off1", "latency", "10ms", "--data-dir", offline);
        assertThat(f.exitCode()).isEqualTo(3);
        assertThat(f.stderr()).contains("no cloud is running on", "qualify cloud start --data-dir");
    }
}
