package dev.qualify.core.config.idt;

import dev.qualify.core.config.ConfigException;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.ResourceSpec;
import dev.qualify.core.device.DriverRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fixture {@code idt/stm32u5-ntz} has the shapes of FreeRTOS/iot-reference-stm32u5's published
 * {@code idt_config/ntz/windows/} files (config.json, device.json, userdata.json), filled in.
 */
class IdtConfigReaderTest {
    private static final Path STM32 = Path.of("src/test/resources/idt/stm32u5-ntz").toAbsolutePath();
    private final IdtConfigReader reader = new IdtConfigReader(new DriverRegistry(List.of()), k -> null);

    @Test
    void readsTheStm32ReferenceFolderAsIdtUsersHaveIt() {
        IdtConfig idt = reader.read(STM32.resolve("configs"), null);
        assertThat(idt.product()).isEqualTo("FreeRTOS");
        assertThat(idt.suiteId()).isEqualTo("freertos-qualification");
        assertThat(idt.root()).isEqualTo(STM32);
        assertThat(idt.files()).containsKeys("config.json", "device.json", "userdata.json");
        PoolSpec pool = idt.config().pools().get(0);
        assertThat(pool.id()).isEqualTo("stm32u5-ntz-test");
        assertThat(pool.sku()).isEqualTo("B-U585I-IOT02A");
        assertThat(pool.features()).containsEntry("PKCS11", "ECC").containsEntry("OTA", "Yes")
                .containsEntry("OTADataPlaneProtocol", "MQTT").containsEntry("KeyProvisioning", "No");
        DeviceSpec d = pool.devices().get(0);
        ResourceSpec console = d.resources().get("console");
        assertThat(console.type()).isEqualTo("serial");
        assertThat(console.settings()).containsEntry("port", "/dev/ttyACM0").containsEntry("baud", 115200)
                .containsEntry("dataBits", 8).containsEntry("parity", "none").containsEntry("stopBits", 1)
                .containsEntry("flowControl", "none");
        assertThat(idt.connections().get("stm32u5-ntz")).contains("115200 8N1");
        @SuppressWarnings("unchecked")
        Map<String, Object> se = (Map<String, Object>) d.json().get("secureElementConfig");
        assertThat(se.get("publicKeyAsciiHexFilePath")).isEqualTo(STM32.resolve("configs/publicKeyAsciiHex.txt").toString());
        assertThat(d.json()).containsKey("identifiers");
        Map<String, Object> params = idt.config().suites().get("freertos-qualification");
        assertThat(params.get("sourcePath")).isEqualTo(STM32.resolve("project dir/iot-reference-stm32u5").toString());
        assertThat(params).containsEntry("freeRTOSVersion", "202210.00-LTS").containsEntry("testStartDelayms", 5000);
    }

    @Test
    void commandsAreSplitIntoWordsFirstWithIdtRootPathTheFolderAboveConfigs() {
        IdtConfig idt = reader.read(STM32.resolve("configs/userdata.json"), null);
        Map<String, List<List<String>>> cmds = idt.commands().get("stm32u5-ntz-test");
        assertThat(cmds.get("build")).containsExactly(List.of(STM32 + "/configs/build_ntz.sh", "{{testData.sourcePath}}"));
        assertThat(cmds.get("flash").get(0)).containsExactly(STM32 + "/configs/flash_ntz.sh", "{{testData.sourcePath}}",
                STM32 + "/configs", "{{device.identifiers[?(@.name == 'serialNo')].value[0]}}", "--label=my board");
        @SuppressWarnings("unchecked")
        List<String> flash = (List<String>) idt.config().pools().get(0).devices().get(0).resources().get("flash").settings().get("command");
        assertThat(flash).contains(IdtStep.class.getName(), "flash", "{{buildImagePath}}", IdtStep.SOURCE_MARKER, "--label=my board")
                .doesNotContain("{{testData.sourcePath}}");
    }

    @Test
    void fieldsQualifyDoesNotActOnAreWarnedOnceEachNamingTheField() {
        IdtConfig idt = reader.read(STM32.resolve("configs"), null);
        assertThat(idt.warnings()).anyMatch(w -> w.startsWith("userdata.json:") && w.contains("otaConfiguration"))
                .anyMatch(w -> w.contains("pkcs11LabelConfiguration")).anyMatch(w -> w.contains("echoServerConfiguration"))
                .anyMatch(w -> w.startsWith("config.json:") && w.contains("awsRegion"))
                .anyMatch(w -> w.startsWith("device.json:") && w.contains("secureElementConfig"));
        assertThat(idt.warnings()).doesNotHaveDuplicates();
        assertThat(idt.warnings().stream().filter(w -> w.contains(": auth:"))).hasSize(1);
    }

    @Test
    void frq1NamesAreReadWithEnableTestsAndSdkPath(@TempDir Path dir) throws IOException {
        Path configs = folder(dir, "[{\"id\": \"p\", \"features\": [{\"name\": \"WIFI\", \"value\": \"Yes\"}, {\"name\": \"TCP/IP\", \"value\": \"On-chip\"}],"
                        + " \"devices\": [{\"id\": \"d1\", \"connectivity\": {\"protocol\": \"uart\", \"serialPort\": \"/dev/ttyUSB1\"}}]}]",
                "{\"sourcePath\": \"src\", \"sdkConfiguration\": {\"name\": \"sdk\", \"version\": \"1\", \"path\": \"/opt/sdk\"},"
                        + " \"buildTool\": {\"name\": \"b\", \"version\": \"1\", \"command\": [\"/b.sh {{testData.sourcePath}} {{enableTests}} {{sdkPath}} {{userData.sdkConfiguration.name}}\"],"
                        + " \"buildImageInfo\": {\"testsImageName\": \"tests.img\", \"demosImageName\": \"demos.img\"}},"
                        + " \"flashTool\": {\"name\": \"f\", \"version\": \"1\", \"command\": [\"/f.sh {{testData.sourcePath}} {{device.connectivity.serialPort}} {{buildImageName}}\"]},"
                        + " \"clientWifiConfig\": {\"wifiSSID\": \"s\", \"wifiPassword\": \"p\", \"wifiSecurityType\": \"eWiFiSecurityWPA2\"}}");
        IdtConfig idt = reader.read(configs, null);
        assertThat(idt.config().pools().get(0).features()).containsEntry("Wifi", "Yes").containsEntry("TCP/IP", "On-chip");
        assertThat(idt.commands().get("p").get("build").get(0)).containsExactly("/b.sh", "{{testData.sourcePath}}", "1", "/opt/sdk", "sdk");
        assertThat(idt.config().suites().get("freertos-qualification")).containsEntry("buildImageName", "tests.img");
        assertThat(idt.warnings()).anyMatch(w -> w.contains("clientWifiConfig")).anyMatch(w -> w.contains("features.WIFI"));
    }

    @Test
    void sshBecomesAnSshShellWithPublicKeyPathAsTheKnownHostKeyAndGreengrassFieldsAreRead(@TempDir Path dir) throws IOException {
        Path configs = folder(dir, "[{\"id\": \"gg\", \"sku\": \"s\", \"features\": [{\"name\": \"arch\", \"value\": \"aarch64\"},"
                        + " {\"name\": \"docker\", \"value\": \"yes\"}, {\"name\": \"hsi\", \"value\": \"hsm\"}],"
                        + " \"devices\": [{\"id\": \"pi\", \"operatingSystem\": \"Linux\", \"connectivity\": {\"protocol\": \"ssh\", \"ip\": \"10.0.0.5\","
                        + " \"port\": 2222, \"publicKeyPath\": \"known_hosts\", \"auth\": {\"method\": \"pki\", \"credentials\": {\"user\": \"pi\", \"privKeyPath\": \"keys/id.pem\"}}}}]}]",
                "{\"TempResourcesDirOnDevice\": \"/tmp/idt\", \"InstallationDirRootOnDevice\": \"/greengrass\", \"PreInstalled\": \"yes\","
                        + " \"hsm\": {\"pkcs11ProviderLibrary\": \"/usr/lib/p11.so\", \"slotId\": \"1\", \"slotUserPin\": \"{{AWS.Parameter.IDT-pin}}\"}}");
        IdtConfigReader withPin = new IdtConfigReader(new DriverRegistry(List.of()),
                k -> k.equals("QUALIFY_AWS_PARAMETER_IDT_PIN") ? "4711" : null);
        IdtConfig idt = withPin.read(configs, null);
        assertThat(idt.product()).isEqualTo("Greengrass V2");
        assertThat(idt.suiteId()).isEqualTo("greengrass-qualification");
        DeviceSpec d = idt.config().pools().get(0).devices().get(0);
        ResourceSpec shell = d.resources().get("shell");
        assertThat(shell.type()).isEqualTo("ssh");
        assertThat(shell.settings()).containsEntry("host", "10.0.0.5").containsEntry("port", 2222).containsEntry("user", "pi")
                .containsEntry("knownHosts", configs.resolve("known_hosts").toString())
                .containsEntry("auth", Map.of("method", "key", "privateKey", configs.resolve("keys/id.pem").toString()));
        assertThat(idt.connections().get("pi")).contains("SSH shell pi@10.0.0.5:2222", "host key pinned by publicKeyPath");
        assertThat(d.json()).containsEntry("operatingSystem", "Linux");
        assertThat(idt.config().pools().get(0).features()).containsEntry("arch", "aarch64").containsEntry("hsi", "hsm");
        @SuppressWarnings("unchecked")
        Map<String, Object> hsm = (Map<String, Object>) idt.config().suites().get("greengrass-qualification").get("hsm");
        assertThat(hsm).containsEntry("slotUserPin", "4711");
        assertThat(String.join("\n", idt.warnings())).doesNotContain("4711");
    }

    @Test
    void anAwsParameterWithoutAValueIsALocatedErrorNamingWhereToSetIt(@TempDir Path dir) throws IOException {
        Path configs = folder(dir, "[{\"id\": \"gg\", \"devices\": [{\"id\": \"pi\", \"operatingSystem\": \"Linux\"}]}]",
                "{\"PreInstalled\": \"yes\",\n \"hsm\": {\"slotUserPin\": \"{{AWS.Parameter.IDT-pin}}\"}}");
        assertThatThrownBy(() -> reader.read(configs, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("userdata.json:2:").hasMessageContaining("hsm.slotUserPin")
                .hasMessageContaining("QUALIFY_AWS_PARAMETER_IDT_PIN").hasMessageContaining("aws-parameters.json");
    }

    @Test
    void fieldsIdtRejectsAreErrorsWithFileLineColumnAndKey(@TempDir Path dir) throws IOException {
        Path bad = folder(dir.resolve("a"), "[{\"id\": \"p\", \"devices\": [{\"id\": \"d1\",\n  \"connectivity\": {\"protocol\": \"uartt\", \"serialPort\": \"/dev/x\"}}]}]", userdata());
        assertThatThrownBy(() -> reader.read(bad, null)).isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    ConfigException c = (ConfigException) e;
                    assertThat(c.location().file().getFileName().toString()).isEqualTo("device.json");
                    assertThat(c.location().line()).isEqualTo(2);
                    assertThat(c.key()).isEqualTo("[0].devices[0].connectivity.protocol");
                    assertThat(c.suggestion()).contains("did you mean 'uart'?");
                });
        Path feature = folder(dir.resolve("b"), "[{\"id\": \"p\", \"features\": [{\"name\": \"PKCS11\", \"value\": \"DSA\"}], \"devices\": [{\"id\": \"d\"}]}]", userdata());
        assertThatThrownBy(() -> reader.read(feature, null)).hasMessageContaining("device.json:1:").hasMessageContaining("features[0].value")
                .hasMessageContaining("'DSA' is not a value of feature PKCS11");
        Path notList = folder(dir.resolve("c"), "{\"id\": \"p\"}", userdata());
        assertThatThrownBy(() -> reader.read(notList, null)).hasMessageContaining("must be a list of device pools");
        Path noSerial = folder(dir.resolve("d"), "[{\"id\": \"p\", \"devices\": [{\"id\": \"d\", \"connectivity\": {\"protocol\": \"uart\"}}]}]", userdata());
        assertThatThrownBy(() -> reader.read(noSerial, null)).hasMessageContaining("serialPort");
        Path syntax = folder(dir.resolve("e"), "[{\"id\": \"p\",, }]", userdata());
        assertThatThrownBy(() -> reader.read(syntax, null)).hasMessageContaining("device.json:1:").hasMessageContaining("invalid JSON");
        Path noSource = folder(dir.resolve("f"), "[{\"id\": \"p\", \"devices\": [{\"id\": \"d\"}]}]", "{\"sourcePath\": \"nowhere\"}");
        assertThatThrownBy(() -> reader.read(noSource, null)).hasMessageContaining("userdata.json:1:2").hasMessageContaining("sourcePath")
                .hasMessageContaining("does not exist");
    }

    @Test
    void anUnknownFieldIsAWarningNotAnError(@TempDir Path dir) throws IOException {
        Path configs = folder(dir, "[{\"id\": \"p\", \"devices\": [{\"id\": \"d\", \"colour\": \"red\"}]}]",
                "{\"sourcePath\": \"src\", \"sourcePathh\": \"x\"}");
        IdtConfig idt = reader.read(configs, null);
        assertThat(idt.warnings()).anyMatch(w -> w.contains("sourcePathh: unknown field"))
                .anyMatch(w -> w.contains("devices[].colour: unknown field"));
    }

    @Test
    void userdataOptionIsResolvedInTheConfigsFolder(@TempDir Path dir) throws IOException {
        Path configs = folder(dir, "[{\"id\": \"p\", \"devices\": [{\"id\": \"d\"}]}]", userdata());
        Files.writeString(configs.resolve("other.json"), "{\"sourcePath\": \"src\", \"freeRTOSVersion\": \"202212.00\"}");
        IdtConfig idt = reader.read(configs, Path.of("other.json"));
        assertThat(idt.config().suites().get("freertos-qualification")).containsEntry("freeRTOSVersion", "202212.00");
        assertThat(IdtConfigReader.isIdt(configs)).isTrue();
        assertThat(IdtConfigReader.isIdt(configs.resolve("device.json"))).isTrue();
        assertThat(IdtConfigReader.isIdt(Path.of("qualify.yaml"))).isFalse();
    }

    @Test
    void idtStepFindsTheImageTheBuildWroteAndGivesFlashTheSourceCopy(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("images/h/source"));
        Path image = dir.resolve("images/h/aws_tests.bin");
        int built = IdtStep.run(List.of("build", "--image", image.toString(), "--source", src.toString(), "--find", "aws_tests.bin",
                "--cmd", "3", "/bin/sh", "-c", "mkdir -p build && echo image > build/aws_tests.bin"));
        assertThat(built).isZero();
        assertThat(image).hasContent("image");
        Path mark = dir.resolve("flashed");
        int flashed = IdtStep.run(List.of("flash", "--image", image.toString(), "--cmd", "4", "/bin/sh", "-c",
                "cp \"$0\"/build/aws_tests.bin " + mark, IdtStep.SOURCE_MARKER));
        assertThat(flashed).isZero();
        assertThat(mark).hasContent("image");
        assertThat(IdtStep.run(List.of("build", "--image", dir.resolve("x.bin").toString(), "--source", src.toString(), "--find", "nope.bin",
                "--cmd", "1", "true"))).isEqualTo(1);
    }

    private static String userdata() {
        return "{\"sourcePath\": \"src\"}";
    }

    private static Path folder(Path root, String device, String userdata) throws IOException {
        Path configs = Files.createDirectories(root.resolve("configs"));
        Files.createDirectories(configs.resolve("src"));
        Files.writeString(configs.resolve("device.json"), device);
        Files.writeString(configs.resolve("userdata.json"), userdata);
        try (Stream<Path> s = Files.list(configs)) {
            return s.findAny().isPresent() ? configs : configs;
        }
    }
}
