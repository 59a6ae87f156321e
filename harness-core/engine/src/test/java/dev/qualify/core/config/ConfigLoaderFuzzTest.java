package dev.qualify.core.config;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import dev.qualify.core.device.DriverRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of {@link ConfigLoader} with Jazzer: the input is the text of a config file, written as
 * {@code qualify.yaml} (or {@code qualify.json} when it starts with {@code {}) and loaded.
 *
 * <p>A crash is any exception but a {@link ConfigException}, and a {@code ConfigException} that does not name the
 * file, a key and a problem, or whose line lies outside the file: the loader documents that every error is located.
 * A hang is an input that runs longer than the 10 s of {@code @Timeout}, which Jazzer makes libFuzzer's per-input
 * timeout.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs under {@code ConfigLoaderFuzzTestInputs/} as a regression
 * test; {@code mvn -Pfuzz} fuzzes (see the parent pom).
 */
class ConfigLoaderFuzzTest {
    private static final Path DIR = FuzzDirs.create("qualify-fuzz-config");
    private static final ConfigLoader LOADER = new ConfigLoader(
            new DriverRegistry(List.of(new ConfigLoaderTest.PortConsoleFactory())),
            List.of(new ConfigLoaderTest.FakeCloudProvider()));

    // per input: what counts as a hang (under -Pfuzz, libFuzzer's -timeout); a thread of its own so that a
    // regression run fails at the deadline rather than when the input finally finishes
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @FuzzTest
    @DictionaryEntries({"pools", "devices", "id", "sku", "features", "console", "power", "build", "flash", "shell",
            "boot", "banner", "ready", "handshake", "answer", "timeout", "testTimeout", "deathStrings", "suites",
            "cloud", "version", "type", "port", "host", "tcp-serial", "emulated", "identifiers", "connectivity",
            "properties", "operatingSystem", "secureElementConfig", "pairedResource", "sourcePath", "secret",
            "{{", "}}", "${", "env:", ": ", "- ", "[", "]", "{", "}", "&a", "*a", "!!", "20s", "1m"})
    void anyConfigTextLoadsOrGivesALocatedError(byte[] data) {
        Path file = DIR.resolve(data.length > 0 && data[0] == '{' ? "qualify.json" : "qualify.yaml");
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            LOADER.load(file);
        } catch (ConfigException e) {
            ConfigErrors.assertLocated(e, Map.of(file, data));
        } finally {
            try {
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
