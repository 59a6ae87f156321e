package dev.qualify.cloud.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.spi.CommandProvider;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.EmulatedCloudConfig;
import dev.qualify.cloud.HiveMq;
import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.rest.ControlPlane;
import dev.qualify.cloud.rest.ControlPlaneCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code cloud.type: aws-iot} through the real AWS SDK against the emulated cloud's IoT REST control plane
 * (endpoint override, the control plane's test credentials, its CA): provisioning, a device connecting with what
 * it was given, cleanup at close, cleanup after kill -9 from the run's ledger, cleanup by age, and bad input.
 */
class AwsIotCloudIT {
    @TempDir
    Path dir;
    EmulatedCloud emulator;
    ControlPlane cp;

    @BeforeEach
    void start() {
        emulator = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir.resolve("emulator")).withControlPort(0));
        cp = emulator.controlPlane().orElseThrow();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    Map<String, Object> settings() {
        Map<String, Object> s = EmulatedAccount.settings(emulator, dir.resolve("emulator"));
        return s;
    }

    static CloudProvider provider() {
        return EmulatedAccount.provider();
    }

    /** Nothing Qualify made is left in the account (asked of the registry behind the API). */
    void assertNothingLeft() {
        assertThat(emulator.registry().things()).isEmpty();
        assertThat(emulator.registry().certificates()).isEmpty();
        assertThat(emulator.registry().policies()).isEmpty();
    }

    int cli(StringWriter out, String... args) {
        Object cmd = ServiceLoader.load(CommandProvider.class).stream().map(ServiceLoader.Provider::get).findFirst().orElseThrow().newCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    @Test
    void provisionsAThingWhoseDeviceConnectsAndDeletesEverythingAtClose() throws Exception {
        // the legacy (VeriSign-signed) endpoint elsewhere: the devices must get the ATS one
        cp.registerEndpoint("iot:Data", () -> Optional.of(new dev.qualify.api.cloud.Endpoint("legacy-data.example", 8883)));
        provider().validate(settings());
        Path work = dir.resolve("run-1").resolve("cloud-ab12cd34");
        List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        Cloud cloud = provider().start(settings(), work, dir, notes::add);
        AwsIotCloud aws = (AwsIotCloud) cloud;
        assertThat(cloud.capabilities()).isEmpty();
        assertThat(cloud.mqttEndpoint()).as("DescribeEndpoint iot:Data-ATS").isEqualTo(emulator.mqttEndpoint());
        DeviceCredentials creds = cloud.provisionThing("vb-1");
        assertThat(creds.thingName()).isEqualTo("qualify-ab12cd34-vb-1");
        assertThat(creds.rootCaPem()).isEqualTo(emulator.rootCaPem());
        assertThat(emulator.registry().thing(creds.thingName())).isPresent();
        assertThat(emulator.registry().certificatesOfThing(creds.thingName())).hasSize(1);
        assertThat(Files.readString(aws.ledgerFile())).contains("\"kind\":\"thing\"", "\"kind\":\"certificate\"", "\"kind\":\"policy\"")
                .doesNotContain("PRIVATE KEY", ControlPlaneCredentials.loadOrCreate(dir.resolve("emulator")).secretAccessKey());
        String certificate = emulator.registry().certificatesOfThing(creds.thingName()).iterator().next().id();
        assertThat(notes).as("each resource told to the run's journal as it is created").containsExactly(
                "aws-iot: created thing qualify-ab12cd34-vb-1 (aws-iot-resources.jsonl)",
                "aws-iot: created certificate " + certificate + " (aws-iot-resources.jsonl)",
                "aws-iot: created policy qualify-ab12cd34-vb-1-policy (aws-iot-resources.jsonl)");

        Mqtt5BlockingClient mqtt = HiveMq.v5(creds, creds.thingName());
        mqtt.connect();
        mqtt.subscribeWith().topicFilter(creds.thingName() + "/echo").qos(MqttQos.AT_LEAST_ONCE).send();
        try (Mqtt5BlockingClient.Mqtt5Publishes pubs = mqtt.publishes(MqttGlobalPublishFilter.ALL)) {
            mqtt.publishWith().topic(creds.thingName() + "/echo").qos(MqttQos.AT_LEAST_ONCE).payload("x".getBytes(StandardCharsets.UTF_8)).send();
            Optional<Mqtt5Publish> got = pubs.receive(10, TimeUnit.SECONDS);
            assertThat(got).isPresent();
        }
        mqtt.disconnect();

        cloud.close();
        assertThat(aws.lastCleanup().clean()).isTrue();
        assertThat(aws.lastCleanup().deleted()).hasSize(3);
        assertThat(notes).hasSize(4).last().asString().startsWith("aws-iot: deleted ")
                .contains("thing qualify-ab12cd34-vb-1", "certificate " + certificate, "policy qualify-ab12cd34-vb-1-policy");
        assertNothingLeft();
        assertThat(ResourceLedger.read(aws.ledgerFile()).outstanding()).isEmpty();
    }

    /** Starts {@link ProvisionAndWait} in its own JVM and returns once it has provisioned. */
    Process provisionedElsewhere(Path work, String... things) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProvisionAndWait.class.getName(),
                new ObjectMapper().writeValueAsString(settings()), work.toString()));
        cmd.addAll(List.of(things));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = r.readLine()) != null && !line.contains("PROVISIONED")) seen.append(line).append('\n');
        assertThat(line).as(seen.toString()).isNotNull();
        Thread drain = new Thread(() -> r.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return p;
    }

    @Test
    void sigtermDeletesWhatTheRunCreatedBeforeTheProcessExits() throws Exception {
        Process p = provisionedElsewhere(dir.resolve("run-4").resolve("cloud-5151abab"), "vb-1");
        assertThat(emulator.registry().things()).extracting(t -> t.name()).containsExactly("qualify-5151abab-vb-1");
        p.destroy(); // SIGTERM: the shutdown hook cleans up
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertNothingLeft();
    }

    @Test
    void afterKill9CleanupFromTheRunDirDeletesWhatTheLedgerRecorded() throws Exception {
        Path run = dir.resolve("run-2");
        Process p = provisionedElsewhere(run.resolve("cloud-ee77ff00"), "vb-1", "vb-2");
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
        assertThat(emulator.registry().things()).extracting(t -> t.name())
                .containsExactlyInAnyOrder("qualify-ee77ff00-vb-1", "qualify-ee77ff00-vb-2");

        StringWriter out = new StringWriter();
        assertThat(cli(out, "cleanup", "--run", run.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("6 resource(s) recorded", "deleted        thing qualify-ee77ff00-vb-1", "Nothing is left.")
                .doesNotContain("PRIVATE KEY");
        assertNothingLeft();

        Path latest = Files.createSymbolicLink(dir.resolve("latest"), run); // as results/latest
        StringWriter again = new StringWriter();
        assertThat(cli(again, "cleanup", "--run", latest.toString())).as("through the results/latest link: " + again).isZero();
        assertThat(again.toString()).contains("already gone   thing qualify-ee77ff00-vb-2");
    }

    @Test
    void cleanupOlderThanDeletesPrefixedThingsWithTheirCertificatesAndPolicies() throws Exception {
        emulator.provisionThing("not-ours");
        try (Cloud cloud = provider().start(settings(), dir.resolve("run-3").resolve("cloud-11223344"))) {
            cloud.provisionThing("vb-1");
            Thread.sleep(1_500);
            StringWriter out = new StringWriter();
            Map<String, Object> s = settings();
            int exit = cli(out, "cleanup", "--older-than", "1s", "--prefix", "qualify-", "--region", "us-east-1",
                    "--credentials", "profile", "--profile", ControlPlaneCredentials.PROFILE, "--credentials-file", s.get("credentialsFile").toString(),
                    "--endpoint", s.get("endpoint").toString(), "--ca", s.get("ca").toString());
            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString()).contains("3 resource(s) found: things named qualify-* created before ",
                    "deleted        thing qualify-11223344-vb-1", "deleted        policy qualify-11223344-vb-1-policy");
            assertThat(emulator.registry().things()).extracting(t -> t.name()).containsExactly("not-ours");
            assertThat(emulator.registry().certificates()).hasSize(1);
        }
    }

    @Test
    void whatCannotBeDeletedIsListedAtCloseAndByCleanupRunWhichDeletesItOnceItCanBe() throws Exception {
        emulator.provisionThing("not-ours");
        Path run = dir.resolve("run-5");
        List<String> notes = new java.util.concurrent.CopyOnWriteArrayList<>();
        AwsIotCloud aws = (AwsIotCloud) provider().start(settings(), run.resolve("cloud-0badc0de"), dir, notes::add);
        aws.provisionThing("vb-1");
        String policy = "qualify-0badc0de-vb-1-policy";
        try (AwsIotConnection c = AwsIotConnection.open(AwsIotSettings.from(settings()))) {
            // someone attached the run's policy to a certificate of theirs: IoT refuses to delete an attached policy
            String theirs = c.iot().listThingPrincipals(b -> b.thingName("not-ours")).principals().get(0);
            c.iot().attachPolicy(b -> b.policyName(policy).target(theirs));
            aws.close();
            assertThat(aws.lastCleanup().failed()).containsOnlyKeys(new CloudResource(CloudResource.POLICY, policy));
            assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("aws-iot: could not delete [policy " + policy + "]")
                    .contains("qualify cloud cleanup --run " + run.toAbsolutePath()));
            assertThat(emulator.registry().things()).extracting(t -> t.name()).containsExactly("not-ours");

            StringWriter out = new StringWriter();
            assertThat(cli(out, "cleanup", "--run", run.toString())).as(out.toString()).isEqualTo(1);
            assertThat(out.toString()).contains("1 resource(s) recorded", "NOT DELETED    policy " + policy + ": ",
                    "1 resource(s) could not be deleted.");

            c.iot().detachPolicy(b -> b.policyName(policy).target(theirs));
            StringWriter again = new StringWriter();
            assertThat(cli(again, "cleanup", "--run", run.toString())).as(again.toString()).isZero();
            assertThat(again.toString()).contains("deleted        policy " + policy, "Nothing is left.");
            assertThatThrownBy(() -> c.iot().getPolicy(b -> b.policyName(policy)))
                    .isInstanceOf(software.amazon.awssdk.services.iot.model.ResourceNotFoundException.class);
        }
    }

    @Test
    void cleanupWithARegionTypoIsAUsageErrorNamingIt() {
        StringWriter out = new StringWriter();
        assertThat(cli(out, "cleanup", "--older-than", "1d", "--region", "us-eats-1", "--credentials", "environment")).as(out.toString()).isEqualTo(2);
        assertThat(out.toString()).contains("cloud.region 'us-eats-1' is not an AWS region", "did you mean us-east-1");
    }

    @Test
    void badInputIsNamedBeforeAnythingIsCreated() throws Exception {
        Map<String, Object> typo = settings();
        typo.put("region", "us-eats-1");
        assertThatThrownBy(() -> provider().validate(typo)).isInstanceOf(CloudException.class)
                .hasMessageContaining("us-eats-1").hasMessageContaining("did you mean us-east-1");

        Map<String, Object> noProfile = settings();
        noProfile.put("profile", "nobody");
        assertThatThrownBy(() -> provider().validate(noProfile)).isInstanceOf(CloudException.class)
                .hasMessageContaining("missing AWS credentials").hasMessageContaining("nobody");

        Map<String, Object> unreachable = settings();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        unreachable.put("endpoint", "https://localhost:" + closedPort);
        assertThatThrownBy(() -> provider().validate(unreachable)).isInstanceOf(CloudException.class)
                .hasMessageContaining("cannot reach https://localhost:" + closedPort);

        Path otherCa = dir.resolve("other-ca.pem");
        Files.writeString(otherCa, CertificateAuthority.generate("some other CA").certificatePem());
        Map<String, Object> wrongCa = settings();
        wrongCa.put("ca", otherCa.toString());
        assertThatThrownBy(() -> provider().validate(wrongCa)).isInstanceOf(CloudException.class)
                .hasMessageContaining("TLS to").hasMessageContaining("wrong CA");

        Path badKeys = dir.resolve("bad-credentials");
        Files.writeString(badKeys, "[qualify-cloud]\naws_access_key_id = " + cp.credentials().accessKeyId() + "\naws_secret_access_key = wrong\n");
        Map<String, Object> wrongSecret = settings();
        wrongSecret.put("credentialsFile", badKeys.toString());
        assertThatThrownBy(() -> provider().validate(wrongSecret)).isInstanceOf(CloudException.class)
                .hasMessageContaining("credentials were refused").hasMessageNotContaining("wrong");

        Map<String, Object> unknown = settings();
        unknown.put("regoin", "x");
        assertThatThrownBy(() -> provider().validate(unknown)).isInstanceOf(CloudException.class).hasMessageContaining("regoin");
        assertNothingLeft();
    }
}
