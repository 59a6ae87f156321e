package dev.qualify.suites.freertos;

import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.suite.SuiteParameters;

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
            "freeRTOSTestParamConfigPath", "testStartDelayms", "buildImageName", "retainModifiedSourceDirectories",
            "echoServerConfiguration", "echoServerCertificateConfiguration", "otaConfiguration",
            "publicKeyAsciiHexFilePath");
    static final String DEFAULT_EXECUTION_CONFIG = "{{testData.sourcePath}}/Common/config/test_execution_config.h";
    static final String DEFAULT_PARAM_CONFIG = "{{testData.sourcePath}}/Common/config/test_param_config.h";

    /** Checks the raw parameters; paths are resolved against {@code baseDir}. */
    static void validate(Map<String, Object> raw, Path baseDir) {
        for (String k : raw.keySet()) {
            if (!KEYS.contains(k)) {
                throw new SettingsException(k, "unknown key '" + k + "'",
                        dev.qualify.api.support.Suggestions.closest(k, KEYS).map(s -> "did you mean '" + s + "'?")
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
        dev.qualify.suites.freertos.echo.TlsEchoCredentials.Settings.of(raw, baseDir);
        dev.qualify.suites.freertos.groups.OtaCoreGroup.Settings.of(raw, baseDir);
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

    /** {@code test_execution_config.h} in the source copy at {@code copy}. */
    Path executionConfig(Path copy) {
        return inCopy(executionConfigPath, copy);
    }

    /** {@code test_param_config.h} in the source copy at {@code copy}. */
    Path paramConfig(Path copy) {
        return inCopy(paramConfigPath, copy);
    }

    /** Resolves a path that may start with {@code {{testData.sourcePath}}} (IDT's only placeholder here). */
    private static Path inCopy(String template, Path copy) {
        String expanded = SOURCE_PATH.matcher(template).replaceAll(java.util.regex.Matcher.quoteReplacement(copy.toString()));
        return copy.resolve(expanded);
    }

    private static final java.util.regex.Pattern SOURCE_PATH = java.util.regex.Pattern.compile("\\{\\{\\s*testData\\.sourcePath\\s*}}");
}
