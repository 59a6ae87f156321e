package dev.qualify.cloud;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudProvider;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** {@code cloud.type: emulated}: starts an {@link EmulatedCloud} in-process for a run. */
public final class EmulatedCloudProvider implements CloudProvider {
    @Override
    public String type() {
        return EmulatedCloud.TYPE;
    }

    @Override
    public void validate(Map<String, Object> settings) {
        EmulatedCloudConfig.fromSettings(settings, Path.of("."));
    }

    @Override
    public Set<CloudCapability> capabilities(Map<String, Object> settings) {
        return EmulatedCloud.CAPABILITIES;
    }

    @Override
    public Cloud start(Map<String, Object> settings, Path workDir) {
        return EmulatedCloud.start(EmulatedCloudConfig.fromSettings(settings, workDir));
    }
}
