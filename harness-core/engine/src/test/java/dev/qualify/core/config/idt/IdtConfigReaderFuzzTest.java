package dev.qualify.core.config.idt;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import dev.qualify.core.config.ConfigErrors;
import dev.qualify.core.config.ConfigException;
import dev.qualify.core.config.FuzzDirs;
import dev.qualify.core.device.DriverRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of {@link IdtConfigReader} with Jazzer. The input is an IDT {@code configs/} folder: the
 * contents of {@code device.json}, {@code userdata.json}, {@code config.json} and {@code resource.json} in that
 * order, separated by NUL bytes (a file the input does not reach is absent). The folder is written and read.
 *
 * <p>A crash is any exception but a {@link ConfigException}, and a {@code ConfigException} that does not name a
 * file, a key and a problem, or whose line lies outside the file it names. A hang is an input that runs longer than
 * the 10 s of {@code @Timeout}, which Jazzer makes libFuzzer's per-input timeout.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs under {@code IdtConfigReaderFuzzTestInputs/} as a regression
 * test; {@code mvn -Pfuzz} fuzzes (see the parent pom).
 */
class IdtConfigReaderFuzzTest {
    private static final List<String> FILES = List.of("device.json", "userdata.json", "config.json", "resource.json");
    private static final Path CONFIGS = FuzzDirs.create("qualify-fuzz-idt").resolve("configs");
    private static final IdtConfigReader READER = new IdtConfigReader(new DriverRegistry(List.of()), k -> null);

    // per input: what counts as a hang (under -Pfuzz, libFuzzer's -timeout); a thread of its own so that a
    // regression run fails at the deadline rather than when the input finally finishes
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @FuzzTest
    @DictionaryEntries({"\"id\"", "\"sku\"", "\"features\"", "\"name\"", "\"value\"", "\"devices\"",
            "\"connectivity\"", "\"protocol\"", "\"uart\"", "\"serialPort\"", "\"baudRate\"", "\"identifiers\"",
            "\"secureElementConfig\"", "\"sourcePath\"", "\"vendorPath\"", "\"buildTool\"", "\"flashTool\"",
            "\"commands\"", "\"args\"", "\"version\"", "\"freeRTOSVersion\"", "\"clientWifiConfig\"", "\"testStartDelayms\"",
            "\"auth\"", "\"method\"", "\"credentials\"", "\"user\"", "\"privKeyPath\"", "\"password\"", "\"ip\"",
            "\"port\"", "\"awsRegion\"", "\"profile\"", "\"file\"", "\"environment\"", "\"log\"",
            "{{testData.sourcePath}}", "{{AWS.Parameter.", "{{enableTests}}", "{{buildImageName}}", "PKCS11", "OTA",
            "KeyProvisioning", "OTADataPlaneProtocol", "ECC", "RSA", "Yes", "No", "MQTT", "HTTP", "//", "/*", "*/"})
    void anyIdtFolderReadsOrGivesALocatedError(byte[] data) {
        Map<Path, byte[]> written = write(data);
        try {
            READER.read(CONFIGS, null);
        } catch (ConfigException e) {
            ConfigErrors.assertLocated(e, written);
        } finally {
            for (String f : FILES) {
                try {
                    Files.deleteIfExists(CONFIGS.resolve(f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static Map<Path, byte[]> write(byte[] data) {
        Map<Path, byte[]> written = new LinkedHashMap<>();
        try {
            Files.createDirectories(CONFIGS);
            int start = 0;
            for (int i = 0; i < FILES.size() && start <= data.length; i++) {
                int end = start;
                while (end < data.length && data[end] != 0) end++;
                byte[] part = Arrays.copyOfRange(data, start, end);
                Path file = CONFIGS.resolve(FILES.get(i));
                Files.write(file, part);
                written.put(file, part);
                start = end + 1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }
}
