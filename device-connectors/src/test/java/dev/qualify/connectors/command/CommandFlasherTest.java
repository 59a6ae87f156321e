package dev.qualify.connectors.command;

import dev.qualify.testkit.TestDriverContexts;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.device.Flasher;
import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Build and flash commands as real child processes. */
class CommandFlasherTest {
    @TempDir
    Path dir;

    private DriverContext context(Map<String, Object> deviceJson) {
        return TestDriverContexts.builder("dev-1", dir).deviceJson(deviceJson)
                .placeholderValues(Map.of("config", Map.of("idtRootPath", dir.toString()))).build();
    }

    private Path script(String name, String body) throws Exception {
        Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body + "\n");
        s.toFile().setExecutable(true);
        return s;
    }

    @Test
    void placeholdersWithSpacesAndQuotesArriveAsOneArgumentEach() throws Exception {
        Path out = dir.resolve("args.txt");
        Path tool = script("flash.sh", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done > '" + out + "'");
        Map<String, Object> device = Map.of("identifiers", List.of(Map.of("name", "serialNo", "value", "SN 'one' \"two\"")));
        Flasher f = new CommandFlasherFactory().create(Map.of("command", List.of(tool.toString(), "{{buildImagePath}}",
                "{{device.identifiers[?(@.name == 'serialNo')].value[0]}}", "--root={{config.idtRootPath}}")), context(device));
        Path image = dir.resolve("my image.bin");
        Files.writeString(image, "x");
        f.flash(image);
        assertThat(Files.readString(out)).isEqualTo("[" + image + "]\n[SN 'one' \"two\"]\n[--root=" + dir + "]\n");
    }

    @Test
    void aFailingFlashIsFlashFailedWithTheTailOfItsOutputNeverATimeout() throws Exception {
        Path tool = script("flash.sh", "echo 'Connecting...'; echo 'Error: target not found on /dev/ttyUSB0' >&2; exit 2");
        Flasher f = new CommandFlasherFactory().create(Map.of("command", List.of(tool.toString())), context(Map.of()));
        assertThatThrownBy(() -> f.flash(dir.resolve("img.bin")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("exited with 2").hasMessageContaining("target not found on /dev/ttyUSB0")
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("flash-failed"));
    }

    @Test
    void aHangingFlashToolAndItsChildrenAreKilledAtTheDeadline() throws Exception {
        Path pid = dir.resolve("child.pid");
        Path tool = script("flash.sh", "sleep 600 & echo $! > '" + pid + "'; wait");
        Flasher f = new CommandFlasherFactory().create(Map.of("command", List.of(tool.toString()), "timeout", "1500ms"), context(Map.of()));
        assertThatThrownBy(() -> f.flash(dir.resolve("img.bin")))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("did not finish within 1500 ms")
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("flash-timeout"));
        long child = Long.parseLong(Files.readString(pid).trim());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void aBuildThatSucceedsWithoutWritingTheImageIsBuildFailed() throws Exception {
        Path tool = script("build.sh", "exit 0");
        var b = new CommandBuilderFactory().create(Map.of("command", List.of(tool.toString(), "{{testData.sourcePath}}")), context(Map.of()));
        assertThatThrownBy(() -> b.build(dir, dir.resolve("out.bin")))
                .isInstanceOf(InfrastructureException.class).hasMessageContaining("did not produce the image");
    }

    @Test
    void aCommandGivenAsOneStringIsRefusedWithAnExplanation() {
        assertThatThrownBy(() -> new CommandFlasherFactory().validate(Map.of("command", "flash.sh {{buildImagePath}}")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("one per element");
    }

    @Test
    void secretPlaceholderValuesNeverReachTheLog() throws Exception {
        StringBuilder log = new StringBuilder();
        Transcript t = new Transcript() {
            @Override public void received(byte[] b, int o, int l) { log.append(new String(b, o, l)); }
            @Override public void sent(byte[] b) { }
            @Override public void note(String text) { log.append(text).append('\n'); }
        };
        DriverContext ctx = TestDriverContexts.builder("dev-1", dir).deviceJson(Map.of("auth", Map.of("password", "hunter2")))
                .transcript(t).build();
        Flasher f = new CommandFlasherFactory().create(Map.of("command", List.of("true", "--pw={{device.auth.password}}")), ctx);
        f.flash(dir.resolve("img.bin"));
        assertThat(log).contains("--pw=<redacted>").doesNotContain("hunter2");
    }

    @Test
    void shellOnlyWhenAskedFor() throws Exception {
        Path out = dir.resolve("o.txt");
        Flasher f = new CommandFlasherFactory().create(Map.of("command", List.of("echo piped | cat > '" + out + "'"), "shell", true), context(Map.of()));
        f.flash(dir.resolve("img.bin"));
        assertThat(Files.readString(out)).isEqualTo("piped\n");
    }
}
