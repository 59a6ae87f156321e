package dev.qualify.cloud.mqtt;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudProvider;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** {@code cloud.type: mqtt}: any MQTT broker over TLS ({@link MqttCloudSettings}), checked before a run ({@link BrokerCheck}). */
public final class MqttCloudProvider implements CloudProvider {
    @Override
    public String type() {
        return MqttCloud.TYPE;
    }

    @Override
    public void validate(Map<String, Object> settings) {
        MqttCloudSettings.of(settings, Path.of("."));
    }

    @Override
    public Set<CloudCapability> capabilities(Map<String, Object> settings) {
        return Set.of();
    }

    @Override
    public void check(Map<String, Object> settings, Path baseDir) {
        BrokerCheck.check(MqttCloudSettings.of(settings, baseDir));
    }

    @Override
    public Cloud start(Map<String, Object> settings, Path workDir) {
        return start(settings, workDir, Path.of("."));
    }

    @Override
    public Cloud start(Map<String, Object> settings, Path workDir, Path baseDir) {
        return new MqttCloud(MqttCloudSettings.of(settings, baseDir));
    }
}
