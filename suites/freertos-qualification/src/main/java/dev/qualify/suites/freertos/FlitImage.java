package dev.qualify.suites.freertos;

import dev.qualify.api.suite.FirmwareImage;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.support.FileTrees;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The image a FreeRTOS group needs, as IDT makes it: the source tree copied (so the user's tree is never touched),
 * the group's {@code *_TEST_ENABLED} macros set to 1 and every other known one to 0 in
 * {@code test_execution_config.h}, and the test parameters set in {@code test_param_config.h}. The engine builds
 * it with the device's build command; two groups whose headers come out the same share one image.
 */
public final class FlitImage {
    private FlitImage() {
    }

    /**
     * @param enable     execution macros to set to 1
     * @param parameters extra {@code test_param_config.h} values (already C literals)
     */
    public static FirmwareImage of(GroupContext group, Iterable<String> enable, Map<String, String> parameters) {
        FreeRtosParameters p = FreeRtosParameters.of(group.parameters());
        Map<String, String> exec = new LinkedHashMap<>();
        for (String m : ExecutionMacros.ALL) exec.put(m, "( 0 )");
        for (String m : enable) exec.put(m, "( 1 )");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("TEST_START_DELAY_MS", "( " + p.testStartDelayMs() + " )");
        params.putAll(parameters);
        String identity = "source=" + p.sourcePath() + "\nexecution:" + canonical(exec) + "\nparameters:" + canonical(params);
        return new FirmwareImage(identity, p.buildImageName(), dir -> write(p, dir, exec, params));
    }

    private static Path write(FreeRtosParameters p, Path dir, Map<String, String> exec, Map<String, String> params)
            throws IOException {
        FileTrees.copy(p.sourcePath(), dir, Set.of(".git"));
        ConfigHeader.rewrite(p.executionConfig(dir), exec);
        ConfigHeader.rewrite(p.paramConfig(dir), params);
        return dir;
    }

    private static String canonical(Map<String, String> values) {
        return new TreeMap<>(values).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }
}
