package dev.qualify.cloud;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;

/** HiveMQ client builders for tests. */
public final class HiveMq {
    private HiveMq() {
    }

    public static MqttClientSslConfig tls(DeviceCredentials c) throws Exception {
        return MqttClientSslConfig.builder()
                .keyManagerFactory(TestTls.keyManagers(c))
                .trustManagerFactory(TestTls.trustManagers(c.rootCaPem()))
                .build();
    }

    public static Mqtt5BlockingClient v5(DeviceCredentials c, String clientId) throws Exception {
        return v5(c, clientId, c.endpoint());
    }

    public static Mqtt5BlockingClient v5(DeviceCredentials c, String clientId, Endpoint e) throws Exception {
        return Mqtt5Client.builder().identifier(clientId).serverHost(e.host()).serverPort(e.port())
                .sslConfig(tls(c)).buildBlocking();
    }

    public static Mqtt3AsyncClient v3(DeviceCredentials c, String clientId) throws Exception {
        return Mqtt3Client.builder().identifier(clientId).serverHost(c.endpoint().host()).serverPort(c.endpoint().port())
                .sslConfig(tls(c)).buildAsync();
    }
}
