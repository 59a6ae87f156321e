package dev.qualify.samples.virtualboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirmwareImageTest {

    @TempDir
    Path dir;

    @Test
    void theSampleProjectHasEveryGroupDisabledAndFlitParameters() throws Exception {
        Path image = dir.resolve("image.zip");
        FirmwareImage built = FirmwareImage.build(TestFirmware.sample(), image);

        assertThat(built.enabledSwitches()).isEmpty();
        Macros m = built.macros();
        for (String sw : FirmwareImage.TEST_SWITCHES) {
            assertThat(m.get(sw)).as(sw).isEqualTo("0");
        }
        assertThat(m.get("ECHO_SERVER_ENDPOINT")).isEqualTo("127.0.0.1");
        assertThat(m.get("ECHO_SERVER_PORT")).isEqualTo("9000");
        assertThat(m.get("TEST_START_DELAY_MS")).isEqualTo("5000");
        assertThat(m.defined("MQTT_SERVER_ENDPOINT")).isTrue();
        assertThat(Files.readString(TestFirmware.sample().resolve(FirmwareImage.PARAM_HEADER)))
                .contains("#define ECHO_SERVER_PORT                                ( 9000 )");
    }

    @Test
    void buildPacksBothHeadersAndAManifestOfResolvedValues() throws Exception {
        Path project = TestFirmware.copy(dir, Map.of("CORE_PKCS11_TEST_ENABLED", "( 1 )",
                "ECHO_SERVER_PORT", "( 33333 )"));
        Path image = dir.resolve("out/image.zip");

        FirmwareImage built = FirmwareImage.build(project, image);

        assertThat(built.enabledSwitches()).containsExactly("CORE_PKCS11_TEST_ENABLED");
        try (ZipFile zip = new ZipFile(image.toFile())) {
            assertThat(zip.getEntry(FirmwareImage.EXECUTION_HEADER)).isNotNull();
            assertThat(zip.getEntry(FirmwareImage.PARAM_HEADER)).isNotNull();
            Properties p = new Properties();
            p.load(zip.getInputStream(zip.getEntry(FirmwareImage.MANIFEST)));
            assertThat(p.getProperty("image.format")).isEqualTo(FirmwareImage.FORMAT);
            assertThat(p.getProperty("macro.CORE_PKCS11_TEST_ENABLED")).isEqualTo("1");
            assertThat(p.getProperty("macro.ECHO_SERVER_PORT")).isEqualTo("33333");
            assertThat(p.getProperty("macro.ECHO_SERVER_ENDPOINT")).isEqualTo("127.0.0.1");
            assertThat(p.getProperty("location.ECHO_SERVER_PORT")).startsWith("test_param_config.h:");
            assertThat(p.getProperty("build.time")).isNotBlank();
            assertThat(p.getProperty("sha256." + FirmwareImage.PARAM_HEADER)).hasSize(64);
        }
        FirmwareImage read = FirmwareImage.read(image);
        assertThat(read.macros().values()).isEqualTo(built.macros().values());
        assertThat(read.sha256()).isEqualTo(built.sha256());
    }

    @Test
    void buildFailsOnABadValueWithFileAndLine() throws Exception {
        Path project = TestFirmware.copy(dir, Map.of("CORE_PKCS11_TEST_ENABLED", "( 2 )"));
        int line = lineOf(project.resolve(FirmwareImage.EXECUTION_HEADER), "#define CORE_PKCS11_TEST_ENABLED");

        assertThatThrownBy(() -> FirmwareImage.build(project, dir.resolve("i.zip")))
                .isInstanceOf(HeaderException.class)
                .hasMessage("test_execution_config.h:" + line + ": CORE_PKCS11_TEST_ENABLED must be 0 or 1, not '2'");
        assertThat(dir.resolve("i.zip")).doesNotExist();
    }

    @Test
    void buildFailsOnAMalformedDefineAndOnAMissingHeader() throws Exception {
        Path project = TestFirmware.copy(dir, Map.of("ECHO_SERVER_PORT", "( 9000"));
        int line = lineOf(project.resolve(FirmwareImage.PARAM_HEADER), "#define ECHO_SERVER_PORT");
        assertThatThrownBy(() -> FirmwareImage.build(project, dir.resolve("i.zip")))
                .hasMessageStartingWith("test_param_config.h:" + line + ": malformed #define ECHO_SERVER_PORT");

        Files.delete(project.resolve(FirmwareImage.EXECUTION_HEADER));
        assertThatThrownBy(() -> FirmwareImage.build(project, dir.resolve("i.zip")))
                .hasMessageContaining("test_execution_config.h: file not found");
    }

    @Test
    void transportNeedsAnEchoServerEndpoint() throws Exception {
        Path project = TestFirmware.copy(dir, Map.of("TRANSPORT_INTERFACE_TEST_ENABLED", "( 1 )"));
        Path header = project.resolve(FirmwareImage.PARAM_HEADER);
        Files.writeString(header, Files.readString(header).replaceAll("(?m)^#define ECHO_SERVER_ENDPOINT.*$", ""));

        assertThatThrownBy(() -> FirmwareImage.build(project, dir.resolve("i.zip")))
                .hasMessageStartingWith("test_param_config.h: ECHO_SERVER_ENDPOINT is not defined, but"
                        + " TRANSPORT_INTERFACE_TEST_ENABLED is 1 (test_execution_config.h:");
    }

    @Test
    void flashValidatesAndWritesAtomically() throws Exception {
        Path image = dir.resolve("image.zip");
        FirmwareImage.build(TestFirmware.sample(), image);
        Path flash = dir.resolve("board/flash.bin");
        Files.createDirectories(flash.getParent());
        Files.writeString(flash, "old firmware");

        FirmwareImage flashed = FirmwareImage.flash(image, flash);

        assertThat(Files.readAllBytes(flash)).isEqualTo(Files.readAllBytes(image));
        assertThat(flashed.sha256()).isEqualTo(FirmwareImage.read(flash).sha256());
        try (var files = Files.list(flash.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("flash.bin");
        }
    }

    @Test
    void flashRejectsWhatIsNotAValidImageAndLeavesTheFlashAlone() throws Exception {
        Path flash = dir.resolve("flash.bin");
        Files.writeString(flash, "previous");

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertThatThrownBy(() -> FirmwareImage.flash(text, flash))
                .isInstanceOf(ImageException.class).hasMessageContaining("is not a virtual-board image");

        Path empty = Files.createFile(dir.resolve("empty.zip"));
        assertThatThrownBy(() -> FirmwareImage.flash(empty, flash)).hasMessageEndingWith("is empty");

        assertThatThrownBy(() -> FirmwareImage.flash(dir.resolve("missing.zip"), flash))
                .hasMessageEndingWith("does not exist");

        Path noManifest = zip("x.zip", Map.of(FirmwareImage.EXECUTION_HEADER, "#define A 1\n"));
        assertThatThrownBy(() -> FirmwareImage.flash(noManifest, flash)).hasMessageContaining("no image.properties");

        Path image = dir.resolve("good.zip");
        FirmwareImage.build(TestFirmware.sample(), image);
        Map<String, String> entries = new java.util.LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(image.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                entries.put(e.getName(), new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.ISO_8859_1));
            }
        }
        Map<String, String> tampered = new java.util.LinkedHashMap<>(entries);
        tampered.put(FirmwareImage.PARAM_HEADER, entries.get(FirmwareImage.PARAM_HEADER).replace("9000", "9001"));
        Path corrupt = zip("corrupt.zip", tampered);
        assertThatThrownBy(() -> FirmwareImage.flash(corrupt, flash))
                .hasMessageContaining(FirmwareImage.PARAM_HEADER + " is corrupt (SHA-256");

        Map<String, String> otherFormat = new java.util.LinkedHashMap<>(entries);
        otherFormat.put(FirmwareImage.MANIFEST, entries.get(FirmwareImage.MANIFEST)
                .replace(FirmwareImage.FORMAT, "some-other-board/7"));
        Path wrongFormat = zip("format.zip", otherFormat);
        assertThatThrownBy(() -> FirmwareImage.flash(wrongFormat, flash))
                .hasMessageContaining("unsupported image format 'some-other-board/7'");

        assertThat(Files.readString(flash)).isEqualTo("previous");
    }

    @Test
    void theCommandLineBuildsAndFlashesAndExitsOneWithTheReason() throws Exception {
        Path project = TestFirmware.copy(dir, Map.of("CORE_PKCS11_TEST_ENABLED", "( 1 )"));
        Path image = dir.resolve("image.zip");
        Path flash = dir.resolve("flash.bin");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(VirtualBoardMain.execute(new PrintWriter(out), new PrintWriter(err), "build", project.toString(),
                image.toString())).isZero();
        assertThat(out.toString()).contains("Built " + image).contains("enabled: CORE_PKCS11_TEST_ENABLED");
        assertThat(VirtualBoardMain.execute(new PrintWriter(out), new PrintWriter(err), "flash", image.toString(),
                flash.toString())).isZero();
        assertThat(out.toString()).contains("Flashed " + image + " to " + flash);
        assertThat(err.toString()).isEmpty();

        TestFirmware.set(project, "TEST_START_DELAY_MS", "( soon )");
        int line = lineOf(project.resolve(FirmwareImage.PARAM_HEADER), "#define TEST_START_DELAY_MS");
        StringWriter err2 = new StringWriter();
        assertThat(VirtualBoardMain.execute(new PrintWriter(out), new PrintWriter(err2), "build", project.toString(),
                dir.resolve("bad.zip").toString())).isEqualTo(1);
        assertThat(err2.toString()).contains("virtual-board build: error: test_param_config.h:" + line
                + ": TEST_START_DELAY_MS must be an integer");

        StringWriter err3 = new StringWriter();
        assertThat(VirtualBoardMain.execute(new PrintWriter(out), new PrintWriter(err3), "flash",
                project.resolve(FirmwareImage.PARAM_HEADER).toString(), flash.toString())).isEqualTo(1);
        assertThat(err3.toString()).contains("virtual-board flash: error: ").contains("not a virtual-board image");

        StringWriter err4 = new StringWriter();
        assertThat(VirtualBoardMain.execute(new PrintWriter(out), new PrintWriter(err4), "run", "--uart-port", "0",
                "--flash", flash.toString(), "--fail-case", "NoSuchTest")).isEqualTo(2);
        assertThat(err4.toString()).contains("unknown test case 'NoSuchTest'");
    }

    private Path zip(String name, Map<String, String> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue().getBytes(StandardCharsets.ISO_8859_1));
                z.closeEntry();
            }
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    private static int lineOf(Path file, String prefix) throws Exception {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError(prefix + " not in " + file);
    }
}
