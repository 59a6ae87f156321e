package dev.qualify.cloud.ota;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.OtaUpdates;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.EmulatedCloudConfig;
import dev.qualify.cloud.HiveMq;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** An emulated cloud with thing {@code dev1} connected over MQTT 5 (HiveMQ), subscribed to all its topics. */
final class OtaTestCloud implements AutoCloseable {
    final EmulatedCloud cloud;
    final DeviceCredentials device;
    final OtaUpdates ota;
    final Mqtt5BlockingClient client;
    private final Mqtt5BlockingClient.Mqtt5Publishes inbox;

    OtaTestCloud(Path dir) throws Exception {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir));
        device = cloud.provisionThing("dev1");
        ota = cloud.unwrap(OtaUpdates.class).orElseThrow();
        client = HiveMq.v5(device, "dev1");
        client.connect();
        inbox = client.publishes(MqttGlobalPublishFilter.ALL);
        client.subscribeWith().topicFilter("$aws/things/dev1/#").qos(MqttQos.AT_LEAST_ONCE).send();
    }

    void publish(String topic, byte[] payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    }

    /** The payload of the next message on {@code topic} (others are skipped); fails after 10 s. */
    byte[] expect(String topic) throws Exception {
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            Optional<Mqtt5Publish> p = inbox.receive(end - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (p.isEmpty()) break;
            if (p.get().getTopic().toString().equals(topic)) return p.get().getPayloadAsBytes();
        }
        throw new AssertionError("nothing on " + topic);
    }

    /** Whether no message on a topic ending in {@code suffix} comes within 1.5 s. */
    boolean nothingOn(String suffix) throws Exception {
        long end = System.currentTimeMillis() + 1500;
        while (System.currentTimeMillis() < end) {
            Optional<Mqtt5Publish> p = inbox.receive(end - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
            if (p.isEmpty()) return true;
            if (p.get().getTopic().toString().endsWith(suffix)) return false;
        }
        return true;
    }

    @Override
    public void close() {
        inbox.close();
        if (client.getState().isConnected()) client.disconnect();
        cloud.close();
    }
}
