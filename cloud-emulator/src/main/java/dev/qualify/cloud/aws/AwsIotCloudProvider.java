package dev.qualify.cloud.aws;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudProvider;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code cloud: {type: aws-iot, region, credentials: profile|environment, endpoint: (optional)}}. Validation
 * checks the settings, the credentials, the endpoint's reachability and TLS trust before any device is touched.
 */
public final class AwsIotCloudProvider implements CloudProvider {
    @Override
    public String type() {
        return AwsIotCloud.TYPE;
    }

    @Override
    public void validate(Map<String, Object> settings) {
        AwsIotConnection.open(AwsIotSettings.from(settings)).close();
    }

    /** As {@link #validate(Map)}, {@code ca} and {@code credentialsFile} relative to {@code baseDir}. */
    @Override
    public void validate(Map<String, Object> settings, Path baseDir) {
        AwsIotConnection.open(AwsIotSettings.from(settings, baseDir)).close();
    }

    @Override
    public Cloud start(Map<String, Object> settings, Path workDir) {
        return AwsIotCloud.start(AwsIotSettings.from(settings), workDir);
    }

    @Override
    public Cloud start(Map<String, Object> settings, Path workDir, Path baseDir) {
        return AwsIotCloud.start(AwsIotSettings.from(settings, baseDir), workDir);
    }

    /**
     * As {@link #start(Map, Path, Path)} ({@code ca} and {@code credentialsFile} relative to {@code baseDir}); each
     * thing, certificate and policy created or deleted is told to {@code notes}.
     */
    @Override
    public Cloud start(Map<String, Object> settings, Path workDir, Path baseDir, Consumer<String> notes) {
        return AwsIotCloud.start(AwsIotSettings.from(settings, baseDir), workDir, notes);
    }
}
