package dev.qualify.suites.freertos;

import dev.qualify.core.device.Builder;
import dev.qualify.core.engine.GroupRun;
import dev.qualify.core.engine.InfrastructureException;
import dev.qualify.core.io.FileTrees;
import dev.qualify.core.process.Placeholders;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Makes the image a group needs, as IDT does: copy the source tree into the group's work directory (so groups
 * build in parallel and the user's tree is never touched), set the group's {@code *_TEST_ENABLED} macro and the
 * test parameters in the copied headers, and run the device's build command on the copy.
 */
public final class FirmwareImage {
    private FirmwareImage() {
    }

    /**
     * @param enable     execution macros to set to 1 (every other known {@code *_TEST_ENABLED} macro is set to 0)
     * @param parameters extra {@code test_param_config.h} values (already C literals)
     * @return the built image
     */
    public static Path build(GroupRun run, Iterable<String> enable, Map<String, String> parameters) {
        FreeRtosParameters p = FreeRtosParameters.of(run.parameters());
        Path copy = run.workDir().resolve("source");
        try {
            FileTrees.copy(p.sourcePath(), copy, Set.of(".git"));
            Placeholders ph = new Placeholders(Map.of("testData", Map.of("sourcePath", copy.toString())));
            Map<String, String> exec = new LinkedHashMap<>();
            for (String m : ExecutionMacros.ALL) exec.put(m, "( 0 )");
            for (String m : enable) exec.put(m, "( 1 )");
            ConfigHeader.rewrite(Path.of(ph.expand(p.executionConfigPath())), exec);
            Map<String, String> params = new LinkedHashMap<>();
            params.put("TEST_START_DELAY_MS", "( " + p.testStartDelayMs() + " )");
            params.putAll(parameters);
            ConfigHeader.rewrite(Path.of(ph.expand(p.paramConfigPath())), params);
        } catch (IOException e) {
            throw new InfrastructureException("build-failed", "cannot prepare the source copy " + copy + ": " + e.getMessage(), e);
        }
        run.transcript().note("building " + p.buildImageName() + " from " + copy);
        return run.device().require(Builder.class).build(copy, run.workDir().resolve(p.buildImageName()));
    }
}
