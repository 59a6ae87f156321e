package dev.qualify.core.config;

import dev.qualify.api.support.Secrets;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.DriverFactory;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.api.driver.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    /** A console driver whose settings are {@code port} (a number) only. */
    static final class PortConsoleFactory implements DriverFactory<Console> {
        @Override public Class<Console> capability() { return Console.class; }
        @Override public String type() { return "tcp-serial"; }
        @Override public void validate(Map<String, Object> s) {
            for (String k : s.keySet()) if (!k.equals("port") && !k.equals("host")) throw new SettingsException(k, "unknown key '" + k + "'", "did you mean 'port'?");
            Object p = s.get("port");
            if (!(p instanceof Number)) throw new SettingsException("port", "must be a number", null);
        }
        @Override public Console create(Map<String, Object> s, DriverContext c) { throw new AssertionError("not used"); }
    }

    /** A cloud that knows one setting, {@code port}. */
    static final class FakeCloudProvider implements CloudProvider {
        @Override public String type() { return "emulated"; }
        @Override public void validate(Map<String, Object> s) {
            for (String k : s.keySet()) if (!k.equals("port")) throw new CloudException("unknown cloud setting '" + k + "'");
        }
        @Override public Cloud start(Map<String, Object> s, Path w) { throw new AssertionError("not used"); }
    }

    private final ConfigLoader loader = new ConfigLoader(new DriverRegistry(List.of(new PortConsoleFactory())),
            List.of(new FakeCloudProvider()));

    private Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static final String GOOD = """
            pools:
              - id: lab
                features: {PKCS11: ECC}
                devices:
                  - id: board-1
                    console: {type: tcp-serial, port: 4001}
                    boot: {banner: "booting", timeout: 20s}
            suites:
              freertos-qualification:
                sourcePath: src
            """;

    @Test
    void readsPoolsDevicesResourcesAndSuiteParameters() throws IOException {
        QualifyConfig c = loader.load(write("q.yaml", GOOD));
        assertThat(c.pools()).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo("lab");
            assertThat(p.features()).containsEntry("PKCS11", "ECC");
            assertThat(p.devices().get(0).resources().get("console").settings()).containsEntry("port", 4001);
            assertThat(p.devices().get(0).boot().timeout()).hasSeconds(20);
        });
        assertThat(c.suites().get("freertos-qualification")).containsEntry("sourcePath", "src");
        assertThat(c.cloud().type()).isEqualTo("emulated");
    }

    @Test
    void unknownKeyNamesFileLineColumnKeyAndSuggestsTheRightOne() throws IOException {
        Path f = write("q.yaml", GOOD.replace("    console: {", "    consol: {"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(f));
        assertThat(e.location().file()).isEqualTo(f);
        assertThat(e.location().line()).isEqualTo(6);
        assertThat(e.location().column()).isEqualTo(9);
        assertThat(e.key()).isEqualTo("pools[0].devices[0].consol");
        assertThat(e.suggestion()).contains("did you mean 'console'?");
        assertThat(e.getMessage()).startsWith(f + ":6:9: pools[0].devices[0].consol: unknown key 'consol'");
    }

    @Test
    void anEmptyKeyIsNamedByTheMappingThatHoldsIt() throws IOException {
        // found by ConfigLoaderFuzzTest: the error for "": x at the top level named no key at all
        Path top = write("top.yaml", "\"\": x\n" + GOOD);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(top));
        assertThat(e.key()).isEqualTo("(top level)");
        assertThat(e.getMessage()).startsWith(top + ":1:1: (top level): unknown key ''");
        Path nested = write("nested.yaml", GOOD.replace("        console: {", "        \"\": 1\n        console: {"));
        ConfigException n = catchThrowableOfType(ConfigException.class, () -> loader.load(nested));
        assertThat(n.key()).isEqualTo("pools[0].devices[0]");
        assertThat(n.problem()).isEqualTo("unknown key ''");
    }

    @Test
    void wrongTypeInDriverSettingsPointsAtTheValue() throws IOException {
        Path f = write("q.yaml", GOOD.replace("port: 4001", "port: [4001]"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(f));
        assertThat(e.key()).isEqualTo("pools[0].devices[0].console.port");
        assertThat(e.problem()).contains("must be a number");
        assertThat(e.location().line()).isEqualTo(6);
        assertThat(e.location().column()).isGreaterThan(20);
    }

    @Test
    void wrongTypeOfAStructuralKeyIsNamed() throws IOException {
        Path f = write("q.yaml", GOOD.replace("    devices:\n", "    devices: 3\n    x:\n"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(f));
        assertThat(e.location().line()).isGreaterThan(0);
        assertThat(e.key()).startsWith("pools[0].");
    }

    @Test
    void badDurationIsExplained() throws IOException {
        Path f = write("q.yaml", GOOD.replace("timeout: 20s", "timeout: soon"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(f));
        assertThat(e.key()).isEqualTo("pools[0].devices[0].boot.timeout");
        assertThat(e.suggestion()).contains("30s");
        assertThat(e.location().line()).isEqualTo(7);
    }

    @Test
    void missingFileNamesTheFileAndTheOption() {
        Path f = dir.resolve("absent.yaml");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(f));
        assertThat(e.location().file()).isEqualTo(f);
        assertThat(e.key()).isEqualTo("--config");
        assertThat(e.problem()).isEqualTo("file not found");
    }

    @Test
    void badYamlIndentationGivesLineColumnAndAnIndentationHint() throws IOException {
        Path f = write("q.yaml", """
                pools:
                  - id: lab
                    devices:
                      - id: board-1
                     console: {type: tcp-serial, port: 4001}
                """);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(f));
        assertThat(e.location().line()).isEqualTo(5);
        assertThat(e.location().column()).isGreaterThan(0);
        assertThat(e.suggestion()).contains("indentation");
    }

    @Test
    void unknownDriverTypeListsTheAvailableOnes() throws IOException {
        Path f = write("q.yaml", GOOD.replace("type: tcp-serial", "type: tcp-serail"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(f));
        assertThat(e.key()).isEqualTo("pools[0].devices[0].console.type");
        assertThat(e.suggestion()).contains("tcp-serial");
    }

    @Test
    void idtFeatureListAndJsonFilesAreAccepted() throws IOException {
        Path f = write("device.json", """
                {"pools": [{"id": "p", "features": [{"name": "PKCS11", "value": "Both"}],
                  "devices": [{"id": "d1", "connectivity": {"protocol": "uart", "serialPort": "/dev/ttyUSB0"},
                               "identifiers": [{"name": "serialNo", "value": "42"}],
                               "console": {"type": "tcp-serial", "port": 1}}]}]}
                """);
        QualifyConfig c = loader.load(f);
        assertThat(c.pools().get(0).features()).containsEntry("PKCS11", "Both");
        assertThat(c.pools().get(0).devices().get(0).json()).containsKey("connectivity");
    }

    @Test
    void jsonSyntaxErrorHasLineAndColumn() throws IOException {
        Path f = write("q.json", "{\"pools\": [\n  {\"id\": \"p\",,}\n]}");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(f));
        assertThat(e.location().line()).isEqualTo(2);
        assertThat(e.problem()).startsWith("invalid JSON");
    }

    @Test
    void theImageIdentityPatternIsReadAndABadOneIsAnErrorAtItsKey() throws IOException {
        QualifyConfig ok = loader.load(write("ok.yaml", GOOD.replace("boot: {banner: \"booting\"",
                "boot: {imageIdentity: \"Image ([0-9a-f]{12})\", banner: \"booting\"")));
        assertThat(ok.pools().get(0).devices().get(0).boot().imageIdentity()).isEqualTo("Image ([0-9a-f]{12})");
        assertThat(loader.load(write("none.yaml", GOOD)).pools().get(0).devices().get(0).boot().imageIdentity()).isNull();
        Path f = write("bad.yaml", GOOD.replace("boot: {banner: \"booting\"", "boot: {imageIdentity: \"Image ([0-9a-f]{12}\", banner: \"booting\""));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader.load(f));
        assertThat(e.location().line()).isEqualTo(7);
        assertThat(e.key()).isEqualTo("pools[0].devices[0].boot.imageIdentity");
        assertThat(e.getMessage()).contains("not a valid regular expression");
    }

    @Test
    void duplicateDeviceIdsAreRefused() throws IOException {
        Path f = write("q.yaml", """
                pools:
                  - id: a
                    devices: [{id: x, console: {type: tcp-serial, port: 1}}]
                  - id: b
                    devices: [{id: x, console: {type: tcp-serial, port: 2}}]
                """);
        assertThatThrownBy(() -> loader.load(f)).isInstanceOf(ConfigException.class).hasMessageContaining("duplicate device id 'x'");
    }

    @Test
    void poolLevelSectionsAreInheritedByDevices() throws IOException {
        Path f = write("q.yaml", """
                pools:
                  - id: a
                    console: {type: tcp-serial, port: 9}
                    devices: [{id: x}, {id: y, console: {type: tcp-serial, port: 10}}]
                """);
        QualifyConfig c = loader.load(f);
        assertThat(c.pools().get(0).devices().get(0).resources().get("console").settings()).containsEntry("port", 9);
        assertThat(c.pools().get(0).devices().get(1).resources().get("console").settings()).containsEntry("port", 10);
    }

    @Test
    void cloudSettingsAreCheckedByTheirProviderAndUnknownCloudTypesSuggestTheRightOne() throws IOException {
        ConfigException bad = catchThrowableOfType(ConfigException.class,
                () -> loader.load(write("q.yaml", GOOD + "cloud: {type: emulated, prot: 8883}\n")));
        assertThat(bad.key()).isEqualTo("cloud");
        assertThat(bad.problem()).contains("unknown cloud setting 'prot'");
        assertThat(bad.location().line()).isEqualTo(11);
        ConfigException type = catchThrowableOfType(ConfigException.class,
                () -> loader.load(write("q2.yaml", GOOD + "cloud: {type: emulatd}\n")));
        assertThat(type.suggestion()).contains("did you mean 'emulated'?");
    }

    @Test
    void secretValuesAreRedactedWhenPrinted() {
        Map<String, Object> device = Map.of("id", "d", "auth", Map.of("user", "pi", "password", "hunter2", "privKeyPath", "/k"));
        Object redacted = Secrets.redact(device);
        assertThat(redacted.toString()).doesNotContain("hunter2").contains("<redacted>").contains("/k").contains("pi");
    }
}
