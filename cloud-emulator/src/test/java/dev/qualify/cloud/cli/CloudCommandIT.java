package dev.qualify.cloud.cli;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.HiveMq;
import dev.qualify.cloud.HostTools;
import dev.qualify.cloud.audit.AuditChecks;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import dev.qualify.api.spi.CommandProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code qualify cloud start | thing create | cert revoke}, invoked in-process through picocli. */
class CloudCommandIT {
    @TempDir
    Path dir;

    private record Running(CommandLine cl, StartCommand start, CompletableFuture<Integer> exit, StringWriter out) {
        EmulatedCloud cloud() {
            return start.cloud();
        }

        int stop() throws Exception {
            start.stop();
            return exit.get(10, TimeUnit.SECONDS);
        }
    }

    private static CommandLine cli(StringWriter out) {
        Object cmd = ServiceLoader.load(CommandProvider.class).stream()
                .map(ServiceLoader.Provider::get).findFirst().orElseThrow().newCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl;
    }

    private Running start(String... extra) {
        StringWriter out = new StringWriter();
        CommandLine cl = cli(out);
        StartCommand start = cl.getSubcommands().get("start").getCommand();
        String[] args = new String[3 + extra.length];
        args[0] = "start";
        args[1] = "--data-dir";
        args[2] = dir.resolve("data").toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(args));
        await().atMost(15, TimeUnit.SECONDS).until(() -> out.toString().contains("Stop with Ctrl-C") || exit.isDone());
        return new Running(cl, start, exit, out);
    }

    private int run(StringWriter out, String... args) {
        return cli(out).execute(args);
    }

    private DeviceCredentials createThing(String name, Endpoint e) throws Exception {
        Path out = dir.resolve("out-" + name);
        StringWriter o = new StringWriter();
        assertThat(run(o, "thing", "create", name, "--data-dir", dir.resolve("data").toString(), "--out", out.toString()))
                .as(o.toString()).isZero();
        assertThat(Files.getPosixFilePermissions(out.resolve("private.pem.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(o.toString()).doesNotContain("PRIVATE KEY");
        return new DeviceCredentials(name, Files.readString(out.resolve("certificate.pem.crt")),
                Files.readString(out.resolve("private.pem.key")), Files.readString(out.resolve("root-ca.pem")), e);
    }

    @Test
    void startPrintsTheEndpointAndTheCaFileAndStopsCleanly() throws Exception {
        Running r = start("--port", "0");
        String text = r.out().toString();
        int port = r.cloud().mqttEndpoint().port();
        assertThat(text).contains("mqtts://localhost:" + port, "root-ca.pem", "qualify cloud thing create NAME");
        assertThat(text).doesNotContain("Plain MQTT");
        assertThat(r.cloud().plainEndpoint()).isEmpty();
        assertThat(r.stop()).isZero();
    }

    @Test
    void plainListenerOnlyWhenAskedFor() throws Exception {
        Running r = start("--port", "0", "--plain-port", "0");
        assertThat(r.cloud().plainEndpoint()).isPresent();
        assertThat(r.out().toString()).contains("Plain MQTT (debugging only, no authentication): mqtt://127.0.0.1:");
        assertThat(r.stop()).isZero();
    }

    @Test
    void thingCreatedByTheCommandConnectsAndRevocationTakesEffectOnTheRunningBroker() throws Exception {
        Running r = start("--port", "0");
        DeviceCredentials c = createThing("sensor-7", r.cloud().mqttEndpoint());
        Mqtt5BlockingClient client = HiveMq.v5(c, "sensor-7");
        client.connect();
        client.publishWith().topic("sensor-7/hello").payload("hi".getBytes()).send();

        StringWriter o = new StringWriter();
        assertThat(run(o, "cert", "revoke", "sensor-7", "--data-dir", dir.resolve("data").toString())).isZero();
        assertThat(o.toString()).contains("REVOKED");
        await().atMost(10, TimeUnit.SECONDS).until(() -> !client.getState().isConnected());
        Mqtt5BlockingClient again = HiveMq.v5(c, "sensor-7");
        try {
            again.connect();
        } catch (RuntimeException expected) {
            // refused
        }
        assertThat(again.getState().isConnected()).isFalse();
        assertThat(r.cloud().auditFindings()).anySatisfy(f -> assertThat(f.check()).isEqualTo(AuditChecks.REVOKED_CERTIFICATE_CONNECT));
        assertThat(r.stop()).isZero();
    }

    @Test
    void aThingCreatedByTheCommandConnectsAtOnceFiftyTimesInARow() throws Exception {
        Running r = start("--port", "0");
        for (int i = 0; i < 50; i++) {
            String name = "quick-" + i;
            DeviceCredentials c = createThing(name, r.cloud().mqttEndpoint()); // returns when the command has returned
            Mqtt5BlockingClient client = HiveMq.v5(c, name);
            try {
                client.connect(); // at once: no wait, no retry
                assertThat(client.getState().isConnected()).as("connect %d right after thing create", i).isTrue();
            } finally {
                if (client.getState().isConnected()) client.disconnect();
            }
        }
        assertThat(r.stop()).isZero();
    }

    @Test
    void aCertificateRevokedByTheCommandIsRefusedAtTheVeryNextConnect() throws Exception {
        Running r = start("--port", "0");
        for (int i = 0; i < 10; i++) {
            String name = "revoked-" + i;
            DeviceCredentials c = createThing(name, r.cloud().mqttEndpoint());
            Mqtt5BlockingClient before = HiveMq.v5(c, name);
            before.connect();
            before.disconnect();
            StringWriter o = new StringWriter();
            assertThat(run(o, "cert", "revoke", name, "--data-dir", dir.resolve("data").toString())).as(o.toString()).isZero();
            Mqtt5BlockingClient after = HiveMq.v5(c, name);
            try {
                after.connect(); // at once after the command returned
            } catch (RuntimeException expected) {
                // refused
            }
            assertThat(after.getState().isConnected()).as("connect %d right after cert revoke", i).isFalse();
        }
        assertThat(r.stop()).isZero();
    }

    @Test
    void stateInTheDataDirSurvivesARestart() throws Exception {
        Running first = start("--port", "0");
        DeviceCredentials c = createThing("lamp", first.cloud().mqttEndpoint());
        Mqtt5BlockingClient client = HiveMq.v5(c, "lamp");
        client.connect();
        client.publishWith().topic("lamp/state").retain(true).qos(MqttQos.AT_LEAST_ONCE).payload("on".getBytes()).send();
        first.cloud().shadows().update("lamp", "", "{\"state\":{\"desired\":{\"on\":true}}}");
        client.disconnect();
        String caBefore = first.cloud().rootCaPem();
        assertThat(first.stop()).isZero();

        Running second = start("--port", "0");
        assertThat(second.cloud().rootCaPem()).isEqualTo(caBefore);
        assertThat(second.cloud().shadows().document("lamp", "")).isPresent();
        DeviceCredentials c2 = new DeviceCredentials(c.thingName(), c.certificatePem(), c.privateKeyPem(), c.rootCaPem(),
                second.cloud().mqttEndpoint());
        Mqtt5BlockingClient back = HiveMq.v5(c2, "lamp");
        back.connect();
        try (var pubs = back.publishes(MqttGlobalPublishFilter.ALL)) {
            back.subscribeWith().topicFilter("lamp/#").send();
            assertThat(pubs.receive(5, TimeUnit.SECONDS)).hasValueSatisfying(p -> {
                assertThat(p.getTopic().toString()).isEqualTo("lamp/state");
                assertThat(p.isRetain()).isTrue();
            });
        }
        back.disconnect();
        assertThat(second.stop()).isZero();
    }

    @Test
    void mosquittoClientsWorkWithTheCommandsFiles() throws Exception {
        HostTools.require("mosquitto_pub", "mosquitto-clients");
        Running r = start("--port", "0");
        createThing("board", r.cloud().mqttEndpoint());
        Path out = dir.resolve("out-board");
        HostTools.Result res = HostTools.run(List.of("mosquitto_pub", "-h", "localhost", "-p",
                String.valueOf(r.cloud().mqttEndpoint().port()), "--cafile", out.resolve("root-ca.pem").toString(),
                "--cert", out.resolve("certificate.pem.crt").toString(), "--key", out.resolve("private.pem.key").toString(),
                "-i", "board-1", "-t", "board/hello", "-m", "hi", "-q", "1"), 15);
        assertThat(res.exitCode()).as(res.stderr()).isZero();
        assertThat(r.stop()).isZero();
    }

    @Test
    void withoutASubcommandItPrintsUsageAndExitsWithTwo() {
        StringWriter o = new StringWriter();
        assertThat(run(o)).isEqualTo(2);
        assertThat(o.toString()).contains("start", "thing", "cert");
    }
}
