package dev.qualify.suites.freertos;

import dev.qualify.core.device.SettingsException;
import dev.qualify.core.suite.SuiteParameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The suite's parameters, named as in IDT's {@code userdata.json}: {@code sourcePath},
 * {@code freeRTOSVersion}, {@code freeRTOSTestExecutionConfigPath}, {@code freeRTOSTestParamConfigPath} (both may use
 * {@code {{testData.sourcePath}}}), {@code testStartDelayms}, {@code buildImageName}.
 */
public record FreeRtosParameters(Path sourcePath, String freeRtosVersion, String executionConfigPath,
                                 String paramConfigPath, int testStartDelayMs, String buildImageName) {
    static final Set<String> KEYS = Set.of("sourcePath", "freeRTOSVersion", "freeRTOSTestExecutionConfigPath",
            "freeRTOSTestParamConfigPath", "testStartDelayms", "buildImageName", "retainModifiedSourceDirectories");
    static final String DEFAULT_EXECUTION_CONFIG = "{{testData.sourcePath}}/Common/config/test_execution_config.h";
    static final String DEFAULT_PARAM_CONFIG = "{{testData.sourcePath}}/Common/config/test_param_config.h";

    /** Checks the raw parameters; paths are resolved against {@code baseDir}. */
    static void validate(Map<String, Object> raw, Path baseDir) {
        for (String k : raw.keySet()) {
            if (!KEYS.contains(k)) {
                throw new SettingsException(k, "unknown key '" + k + "'",
                        dev.qualify.core.config.Suggestions.closest(k, KEYS).map(s -> "did you mean '" + s + "'?")
                                .orElse("allowed: " + new java.util.TreeSet<>(KEYS)));
            }
        }
        Object src = raw.get("sourcePath");
        if (src == null) {
            throw new SettingsException(null, "required key 'sourcePath' is missing", "add sourcePath: path/to/your/freertos-project");
        }
        Path p = baseDir.resolve(String.valueOf(src)).normalize();
        if (!Files.isDirectory(p)) {
            throw new SettingsException("sourcePath", "source directory " + p + " does not exist", "point sourcePath at your FreeRTOS project (relative paths start at the config file's directory)");
        }
        Object delay = raw.get("testStartDelayms");
        if (delay != null && !String.valueOf(delay).matches("\\d+")) {
            throw new SettingsException("testStartDelayms", "'" + delay + "' is not a number of milliseconds", "e.g. testStartDelayms: 5000");
        }
    }

    static FreeRtosParameters of(SuiteParameters p) {
        return new FreeRtosParameters(
                p.path("sourcePath").orElseThrow(() -> new IllegalStateException("sourcePath missing")),
                p.string("freeRTOSVersion").orElse(null),
                p.string("freeRTOSTestExecutionConfigPath").orElse(DEFAULT_EXECUTION_CONFIG),
                p.string("freeRTOSTestParamConfigPath").orElse(DEFAULT_PARAM_CONFIG),
                Integer.parseInt(p.string("testStartDelayms").orElse("5000")),
                p.string("buildImageName").orElse("aws_tests.bin"));
    }
}
