package dev.qualify.cloud;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.core.config.BootSpec;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.config.ResourceSpec;
import dev.qualify.core.config.SourceLocator;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.core.engine.ProgressListener;
import dev.qualify.core.engine.RunEngine;
import dev.qualify.core.engine.RunPlan;
import dev.qualify.core.engine.RunResult;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.TestResult;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.api.suite.QualificationSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulated cloud as a run meets it: found by ServiceLoader-style provider, started by the engine on first
 * injection with a fresh CA, used by a group through the {@link Cloud} interface and a real MQTT client, and closed
 * when the run ends.
 */
class CloudInARunIT {
    @TempDir
    Path dir;

    static volatile DeviceCredentials issued;

    @QualificationGroup(id = "CloudRoundTrip", title = "a device's round trip through the emulated cloud")
    static class CloudRoundTripGroup {
        @Test
        void aProvisionedThingPublishesAndReceivesOverMutualTls(Cloud cloud) throws Exception {
            assertEquals("emulated", cloud.type());
            assertTrue(cloud.capabilities().contains(CloudCapability.SHADOW));
            DeviceCredentials creds = cloud.provisionThing("board-7");
            issued = creds;
            Mqtt5BlockingClient client = HiveMq.v5(creds, "board-7");
            client.connect();
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
                client.subscribeWith().topicFilter("board-7/echo").qos(MqttQos.AT_LEAST_ONCE).send();
                client.publishWith().topic("board-7/echo").qos(MqttQos.AT_LEAST_ONCE).payload("hello".getBytes(StandardCharsets.UTF_8)).send();
                Optional<Mqtt5Publish> got = publishes.receive(10, TimeUnit.SECONDS);
                assertTrue(got.isPresent(), "the message came back");
                assertEquals("hello", new String(got.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
            } finally {
                client.disconnect();
            }
        }
    }

    @Test
    void aGroupGetsTheEmulatedCloudInjectedAndItIsClosedWhenTheRunEnds() throws Exception {
        QualificationSuite suite = new QualificationSuite() {
            @Override public String id() { return "cloud-it"; }
            @Override public String title() { return "cloud"; }
            @Override public String version() { return "1"; }
            @Override public List<Class<?>> groupClasses() { return List.of(CloudRoundTripGroup.class); }
        };
        DeviceSpec device = new DeviceSpec("d0", Map.of(), new BootSpec(null, null, null, null, null, null, null), Map.of("id", "d0"), "");
        PoolSpec pool = new PoolSpec("pool", null, Map.of(), List.of(device));
        QualifyConfig config = new QualifyConfig(dir.resolve("q.yaml"), List.of(pool), Map.of(),
                new ResourceSpec("emulated", Map.of(), "/cloud"), SourceLocator.none(dir.resolve("q.yaml")));
        RunPlan plan = new RunPlan(suite.id(), "pool", List.of(), List.of(), List.of(), 1.0, dir.resolve("results"), false, dir, "test");
        RunResult r = new RunEngine(config, plan, suite, new DriverRegistry(List.of()), List.of(new EmulatedCloudProvider()),
                List.of(), ProgressListener.NONE, Clock.systemUTC()).run(pool, suite.groups(), Map.of());
        assertThat(r.report().groups().get(0).tests()).extracting(TestResult::outcome).containsExactly(Outcome.PASSED);
        assertThat(r.exitCode()).isZero();
        Mqtt5BlockingClient after = HiveMq.v5(issued, "board-7");
        org.assertj.core.api.Assertions.assertThatThrownBy(after::connect).as("the broker is closed when the run ends");
    }
}
