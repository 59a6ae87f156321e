package dev.qualify.connectors.command;

import dev.qualify.api.device.Builder;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code build: {command: [...], timeout: 10m}}: builds by running a command with the placeholders
 * {@code {{testData.sourcePath}}}, {@code {{buildImageName}}} and {@code {{buildImagePath}}}.
 */
public final class CommandBuilderFactory implements DriverFactory<Builder> {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    @Override
    public Class<Builder> capability() {
        return Builder.class;
    }

    @Override
    public String type() {
        return "command";
    }

    @Override
    public void validate(Map<String, Object> settings) {
        CommandSpec.read(settings, DEFAULT_TIMEOUT);
    }

    @Override
    public Builder create(Map<String, Object> settings, DriverContext ctx) {
        CommandSpec spec = CommandSpec.read(settings, DEFAULT_TIMEOUT);
        return (sourceDir, image) -> {
            Map<String, Object> extra = new java.util.HashMap<>(imagePlaceholders(image));
            extra.put("testData", Map.of("sourcePath", sourceDir.toAbsolutePath().toString()));
            CommandExecution.runStep("build", spec, extra, ctx);
            if (!Files.exists(image)) {
                throw new dev.qualify.api.device.InfrastructureException("build-failed",
                        "build command succeeded but did not produce the image " + image
                                + "; it must write the file named by {{buildImagePath}}");
            }
            return image;
        };
    }

    static Map<String, Object> imagePlaceholders(Path image) {
        return Map.of("buildImageName", image.getFileName().toString(), "buildImagePath", image.toAbsolutePath().toString());
    }
}
