package dev.qualify.cloud;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.report.Outcome;
import dev.qualify.api.report.TestResult;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.testkit.GroupResults;
import dev.qualify.testkit.GroupTestKit;
import dev.qualify.testkit.TestDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulated cloud as a run meets it: its provider, handed to the engine's group runner (the test kit), starts it
 * on first injection with a fresh CA; a group uses it through the {@link Cloud} interface and a real MQTT client;
 * it is closed when the run ends.
 */
class CloudInARunIT {
    @TempDir
    Path dir;

    static volatile DeviceCredentials issued;

    @QualificationGroup(id = "CloudRoundTrip", title = "a device's round trip through the emulated cloud",
            preparation = Preparation.HostOnly.class)
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
        GroupResults r = GroupTestKit.group(CloudRoundTripGroup.class).on(TestDevice.builder("d0").workDir(dir.resolve("d0")).build())
                .cloud(new EmulatedCloudProvider(), Map.of()).runDir(dir.resolve("results")).run();
        assertThat(r.tests()).extracting(TestResult::outcome).as(r.describe()).containsExactly(Outcome.PASSED);
        assertThat(r.internalErrors()).isEmpty();
        Mqtt5BlockingClient after = HiveMq.v5(issued, "board-7");
        org.assertj.core.api.Assertions.assertThatThrownBy(after::connect).as("the broker is closed when the run ends");
    }
}
