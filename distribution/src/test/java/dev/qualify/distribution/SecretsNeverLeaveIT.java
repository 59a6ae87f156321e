package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flash tool that prints its secrets, as vendor tools do, on success and on failure, and a board that prints a
 * secret on its UART among its test results, through the real {@code bin/qualify}: neither the password the tool
 * gets in its env nor the PIN it gets from a secret placeholder (and the board on its command line) may appear in
 * any file of the run directory or on the console; {@code <redacted>} stands where they were. The paths seeded:
 * command output and the group's log (the tool), error messages (the tool's failure; a board that stops after
 * printing the secret, so the timeout's "last seen" holds it), each test's log and the console transcript (the
 * board's lines), the reports (results.json, junit.xml, junit/, report.html, summary.txt), the journal and the
 * console qualify prints to.
 */
class SecretsNeverLeaveIT {
    /** Given in the flash section's env under a secret name. */
    private static final String ENV_SECRET = "Env-S3cret-Passw0rd";
    /** Substituted from {@code {{device.properties.flashPassword}}}. */
    private static final String PLACEHOLDER_SECRET = "Pl4ceholder-Flash-Pin";

    @TempDir
    Path dir;

    /** What the board prints on its UART before each number: the secret placeholder's value. */
    private static final String BOARD_TEXT = "device says {{device.properties.flashPassword}}";

    @Test
    void aFlashToolPrintingItsSecretsOnSuccessLeavesThemNowhere() throws Exception {
        Path config = config("ok", "60s", "--numbered-lines", "20", "--numbered-line-text", BOARD_TEXT);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Core",
                "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(0);
        Path groupLog = r.runDir().resolve("logs/board-1/FullPKCS11_Core/_group.log");
        String log = Files.readString(groupLog, StandardCharsets.UTF_8);
        assertThat(log).contains("vendor-flash: connecting with password <redacted> and pin <redacted>")
                .contains("split secret: <redacted> done")
                .contains("vendor-flash: auth <redacted>")
                .contains("< device says <redacted> 1/20");
        assertThat(Files.readString(groupLog.resolveSibling("PKCS11_StartFinish_FirstTest.log"), StandardCharsets.UTF_8))
                .as("a test's log").contains("< device says <redacted> 1/20").contains("< device says <redacted> 2/20");
        assertNowhere(r);
    }

    @Test
    void aBoardThatStopsAfterPrintingASecretLeavesItOutOfTheTimeoutMessage() throws Exception {
        Path config = config("ok", "5s", "--numbered-lines", "20", "--numbered-line-text", BOARD_TEXT,
                "--hang-after-lines", "2");
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Core",
                "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
        String junit = Files.readString(r.runDir().resolve("junit.xml"), StandardCharsets.UTF_8);
        assertThat(junit).contains("type=\"timeout\"").contains("last seen: ").contains("device says &lt;redacted&gt; 2/20");
        for (String f : List.of("results.json", "summary.txt", "journal.jsonl")) {
            assertThat(Files.readString(r.runDir().resolve(f), StandardCharsets.UTF_8)).as(f).contains("device says <redacted> 2/20");
        }
        assertThat(Files.readString(r.runDir().resolve("report.html"), StandardCharsets.UTF_8)).contains("device says &lt;redacted&gt; 2/20");
        assertNowhere(r);
    }

    @Test
    void aFlashToolPrintingItsSecretsWhenItFailsLeavesThemNowhere() throws Exception {
        Path config = config("fail", "60s");
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Core",
                "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(3);
        String junit = Files.readString(r.runDir().resolve("junit.xml"), StandardCharsets.UTF_8);
        assertThat(junit).contains("flash-failed").contains("rejected password &lt;redacted&gt;");
        for (String f : List.of("results.json", "summary.txt", "report.html", "journal.jsonl")) {
            assertThat(Files.readString(r.runDir().resolve(f), StandardCharsets.UTF_8)).as(f).contains("redacted");
        }
        assertThat(r.stdout()).contains("redacted");
        assertNowhere(r);
    }

    private void assertNowhere(Qualify.Result r) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir.resolve("results"))) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String secret : List.of(ENV_SECRET, PLACEHOLDER_SECRET)) {
                assertThat(text).as(f + " holds a secret").doesNotContain(secret);
            }
        }
        for (String secret : List.of(ENV_SECRET, PLACEHOLDER_SECRET)) {
            assertThat(r.stdout()).as("stdout").doesNotContain(secret);
            assertThat(r.stderr()).as("stderr").doesNotContain(secret);
        }
    }

    /**
     * A one-board pool whose flash command is a script that prints both secrets, then flashes or fails; the board
     * gets {@code boardArgs} (placeholders expanded).
     */
    private Path config(String mode, String testTimeout, String... boardArgs) throws IOException {
        String vb = Qualify.HOME.resolve("bin/virtual-board").toString();
        Path script = dir.resolve("vendor-flash.sh");
        int half = ENV_SECRET.length() / 2;
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"vendor-flash: connecting with password $FLASH_PASSWORD and pin $3\"\n"
                // one secret in two writes: the log gets it in two chunks
                + "printf 'split secret: " + ENV_SECRET.substring(0, half) + "'\n"
                + "sleep 0.3\n"
                + "printf '" + ENV_SECRET.substring(half) + " done\\n'\n"
                + "sleep 0.2\n"
                + "echo \"vendor-flash: auth $FLASH_PASSWORD\" >&2\n"
                + "if [ \"$4\" = fail ]; then\n"
                + "  echo \"vendor-flash: error: the device rejected password $FLASH_PASSWORD (pin $3)\"\n"
                + "  echo \"vendor-flash: giving up, password was $FLASH_PASSWORD\" >&2\n"
                + "  exit 7\n"
                + "fi\n"
                + "exec \"" + vb + "\" flash \"$1\" \"$2\"\n");
        script.toFile().setExecutable(true);
        int port = VirtualPool.freePort();
        String y = "pools:\n  - id: it-pool\n    features: {PKCS11: ECC}\n"
                + "    build: {command: [\"" + vb + "\", build, \"{{testData.sourcePath}}\", \"{{buildImagePath}}\"]}\n"
                + "    flash:\n"
                + "      command: [\"" + script + "\", \"{{buildImagePath}}\", \"{{device.workDir}}/flash.bin\", \"{{device.properties.flashPassword}}\", \"{{device.properties.flashMode}}\"]\n"
                + "      env: {FLASH_PASSWORD: \"" + ENV_SECRET + "\"}\n"
                + "    boot: {banner: \"Qualify virtual board .* booting\", handshake: start, timeout: 30s, testTimeout: " + testTimeout + "}\n"
                + "    devices:\n"
                + "      - id: board-1\n"
                + "        properties: {flashPassword: \"" + PLACEHOLDER_SECRET + "\", flashMode: " + mode + "}\n"
                + "        console: {type: tcp-serial, host: 127.0.0.1, port: " + port + "}\n"
                + "        power: {type: process, command: [\"" + vb + "\", run, --uart-port, \"" + port
                + "\", --flash, \"{{device.workDir}}/flash.bin\"" + extra(boardArgs) + "]}\n"
                + "suites:\n  freertos-qualification:\n    sourcePath: " + Qualify.HOME.resolve("samples/virtual-board/firmware")
                + "\n    freeRTOSVersion: 202210.01-LTS\n    testStartDelayms: 5000\n";
        Path f = dir.resolve("qualify.yaml");
        Files.writeString(f, y);
        return f;
    }

    private static String extra(String... args) {
        StringBuilder b = new StringBuilder();
        for (String a : args) b.append(", \"").append(a).append('"');
        return b.toString();
    }
}
