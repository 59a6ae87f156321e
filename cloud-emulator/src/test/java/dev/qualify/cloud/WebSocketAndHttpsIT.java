package dev.qualify.cloud;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** MQTT over WebSocket (wss://.../mqtt) and HTTPS publish, both with the client certificate. */
class WebSocketAndHttpsIT {
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    DeviceCredentials dev1;
    Endpoint https;

    @BeforeEach
    void start() {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir));
        dev1 = cloud.provisionThing("dev1");
        https = cloud.httpsEndpoint().orElseThrow();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private Mqtt5BlockingClient wss(String id) throws Exception {
        return Mqtt5Client.builder().identifier(id).serverHost("localhost").serverPort(https.port())
                .sslConfig(HiveMq.tls(dev1)).webSocketConfig().serverPath("mqtt").applyWebSocketConfig().buildBlocking();
    }

    @Test
    void mqttOverWebSocketRoundTrip() throws Exception {
        Mqtt5BlockingClient c = wss("dev1");
        c.connect();
        try (var pubs = c.publishes(MqttGlobalPublishFilter.ALL)) {
            c.subscribeWith().topicFilter("dev1/ws").qos(MqttQos.AT_LEAST_ONCE).send();
            c.publishWith().topic("dev1/ws").qos(MqttQos.AT_LEAST_ONCE).payload("over-ws".getBytes()).send();
            assertThat(pubs.receive(5, TimeUnit.SECONDS)).hasValueSatisfying(p ->
                    assertThat(new String(p.getPayloadAsBytes())).isEqualTo("over-ws"));
        }
        assertThat(cloud.broker().connectedClients()).anySatisfy(ci -> assertThat(ci.listener()).isEqualTo("mqtt-wss"));
        c.disconnect();
    }

    @Test
    void httpsPublishReachesMqttSubscribersAndPolicyIsEnforced() throws Exception {
        Mqtt5BlockingClient sub = HiveMq.v5(dev1, "dev1-sub");
        sub.connect();
        HttpClient http = HttpClient.newBuilder().sslContext(TestTls.sslContext(dev1)).build();
        try (var pubs = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("dev1/http").qos(MqttQos.AT_LEAST_ONCE).send();
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https.port()
                    + "/topics/dev1%2Fhttp?qos=1")).POST(HttpRequest.BodyPublishers.ofString("{\"t\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("\"message\":\"OK\"");
            assertThat(pubs.receive(5, TimeUnit.SECONDS)).hasValueSatisfying(p ->
                    assertThat(new String(p.getPayloadAsBytes())).isEqualTo("{\"t\":1}"));
        }
        HttpResponse<String> denied = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https.port()
                + "/topics/dev2/x")).POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(denied.statusCode()).isEqualTo(403);
        HttpResponse<String> notFound = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + https.port()
                + "/nothing")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notFound.statusCode()).isEqualTo(404);
        sub.disconnect();
    }
}
