package dev.qualify.connectors.command;

import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.api.device.Flasher;

import java.time.Duration;
import java.util.Map;

/**
 * {@code flash: {command: [...], timeout: 5m}}: flashes by running a command with {@code {{buildImageName}}},
 * {@code {{buildImagePath}}} and {@code {{testData.sourcePath}}} (the directory holding the image).
 */
public final class CommandFlasherFactory implements DriverFactory<Flasher> {
    static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public Class<Flasher> capability() {
        return Flasher.class;
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
    public Flasher create(Map<String, Object> settings, DriverContext ctx) {
        CommandSpec spec = CommandSpec.read(settings, DEFAULT_TIMEOUT);
        return image -> {
            Map<String, Object> extra = new java.util.HashMap<>(CommandBuilderFactory.imagePlaceholders(image));
            Object testData = ctx.placeholderValues().get("testData");
            if (testData == null && image.toAbsolutePath().getParent() != null) {
                extra.put("testData", Map.of("sourcePath", image.toAbsolutePath().getParent().toString()));
            }
            CommandExecution.runStep("flash", spec, extra, ctx);
        };
    }
}
