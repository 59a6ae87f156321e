package dev.qualify.core.engine;

import dev.qualify.core.config.BootSpec;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.config.ResourceSpec;
import dev.qualify.core.config.SourceLocator;
import dev.qualify.core.journal.Note;
import dev.qualify.core.journal.TestFinished;
import dev.qualify.core.process.JsonPathPlaceholders;
import dev.qualify.api.driver.Placeholders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskTest {
    @TempDir
    Path dir;

    private static SecretMask mask(String... secrets) {
        SecretMask m = new SecretMask();
        for (String s : secrets) m.add(s);
        return m;
    }

    @Test
    void masksEveryOccurrenceOfEverySecret() {
        SecretMask m = mask("hunter22", "s3cr3t-token");
        assertThat(m.mask("pw=hunter22 token=s3cr3t-token again hunter22"))
                .isEqualTo("pw=<redacted> token=<redacted> again <redacted>");
        assertThat(m.mask("nothing here")).isEqualTo("nothing here");
        assertThat(m.mask((String) null)).isNull();
    }

    @Test
    void overlappingSecretsLeaveNoFragment() {
        SecretMask m = mask("abcd1234", "1234wxyz", "cd12");
        assertThat(m.mask("x abcd1234wxyz y")).isEqualTo("x <redacted> y");
        // one secret inside another: masked whole
        SecretMask nested = mask("pass", "mypassword");
        assertThat(nested.mask("mypassword and pass")).isEqualTo("<redacted> and <redacted>");
    }

    @Test
    void shortValuesAreNotSecretsWorthMasking() {
        SecretMask m = mask("1", "on", "abc");
        assertThat(m.isEmpty()).isTrue();
        assertThat(m.mask("abc on 1")).isEqualTo("abc on 1");
        SecretMask.NONE.add("longenough");
        assertThat(SecretMask.NONE.isEmpty()).isTrue();
    }

    @Test
    void masksBytesWithoutDecodingThem() {
        SecretMask m = mask("päss-wört");
        byte[] in = concat(new byte[]{(byte) 0xff, 'x'}, "päss-wört!".getBytes(StandardCharsets.UTF_8));
        byte[] out = m.mask(in, 0, in.length);
        assertThat(out).isEqualTo(concat(new byte[]{(byte) 0xff, 'x'}, "<redacted>!".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void collectsSecretKeysAnywhereInTheConfig() {
        Map<String, Object> json = Map.of("id", "d0", "flashPassword", "fl4sh-pw",
                "connectivity", Map.of("auth", Map.of("credentials", Map.of("password", "ssh-pass", "privKeyPath", "/k/key.pem"))));
        ResourceSpec flash = new ResourceSpec("command", Map.of("command", List.of("flash"),
                "env", Map.of("VENDOR_TOKEN", "env-token-1", "MODE", "fast")), "/flash");
        DeviceSpec d = new DeviceSpec("d0", Map.of("flash", flash), new BootSpec(null, null, null, null, null, null, null), json, "");
        QualifyConfig config = new QualifyConfig(dir.resolve("q.yaml"), List.of(new PoolSpec("p", null, Map.of(), List.of(d))),
                Map.of("suite", Map.of("wifi", Map.of("passphrase", "wifi-pass"))),
                new ResourceSpec("emulated", Map.of("apiKey", "cloud-key"), "/cloud"), SourceLocator.none(dir.resolve("q.yaml")));
        SecretMask m = SecretMask.of(config);
        assertThat(m.mask("fl4sh-pw ssh-pass env-token-1 wifi-pass cloud-key /k/key.pem fast"))
                .isEqualTo("<redacted> <redacted> <redacted> <redacted> <redacted> /k/key.pem fast");
    }

    @Test
    void registersWhatSecretPlaceholdersExpandTo() {
        SecretMask m = new SecretMask();
        Placeholders p = m.tracking(JsonPathPlaceholders.SYNTAX)
                .over(Map.of("device", Map.of("pinCode", "9876-5432", "port", "ttyUSB0")));
        assertThat(p.expand("--pin={{device.pinCode}} {{device.port}}")).isEqualTo("--pin=9876-5432 ttyUSB0");
        assertThat(m.mask("echo 9876-5432 ttyUSB0")).isEqualTo("echo <redacted> ttyUSB0");
    }

    @Test
    void secretSplitAcrossChunksIsMaskedInTheLog() throws Exception {
        SecretMask m = mask("hunter22", "other-secret");
        Path file = dir.resolve("t.log");
        try (TestLog log = new TestLog(file, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), m)) {
            for (String chunk : List.of("login: hun", "ter", "22\nsecond line oth", "er-sec", "ret and more\npartial hunt", "er22")) {
                log.received(chunk.getBytes(StandardCharsets.UTF_8), 0, chunk.length());
            }
            log.note("note mentions hunter22");
            log.sent("typed other-secret\n".getBytes(StandardCharsets.UTF_8));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(String.join("\n", lines)).doesNotContain("hunter22").doesNotContain("other-secret");
        assertThat(lines).containsExactly(
                "[" + time() + "] < login: <redacted>",
                "[" + time() + "] < second line <redacted> and more",
                "[" + time() + "] < partial <redacted>",
                "[" + time() + "] --- note mentions <redacted>",
                "[" + time() + "] > typed <redacted>");
    }

    @Test
    void aLongLineWithoutBreaksIsWrittenInPartsNeverCuttingASecret() throws Exception {
        SecretMask m = mask("0123456789-secret");
        Path file = dir.resolve("long.log");
        StringBuilder all = new StringBuilder();
        try (TestLog log = new TestLog(file, Clock.systemUTC(), m)) {
            for (int i = 0; i < 20_000; i++) {
                String chunk = i % 7 == 0 ? "0123456789-sec" : i % 7 == 1 ? "ret" : "abcdefghij";
                all.append(chunk);
                log.received(chunk.getBytes(StandardCharsets.UTF_8), 0, chunk.length());
            }
            assertThat(Files.size(file)).as("written before the line ends").isGreaterThan(TestLog.MAX_PENDING);
        }
        String text = Files.readString(file);
        assertThat(text).doesNotContain("0123456789-secret").doesNotContain("-secret");
        String body = text.substring(text.indexOf("< ") + 2).strip();
        assertThat(body).isEqualTo(all.toString().replace("0123456789-secret", "<redacted>"));
    }

    @Test
    void withoutSecretsTheLogWritesAsItReceives() throws Exception {
        Path file = dir.resolve("plain.log");
        try (TestLog log = new TestLog(file, Clock.systemUTC(), new SecretMask())) {
            log.received("no line end yet".getBytes(StandardCharsets.UTF_8), 0, 15);
            assertThat(Files.readString(file)).endsWith("< no line end yet");
        }
    }

    @Test
    void journalEventsAreMaskedIncludingEscapedSecrets() throws Exception {
        SecretMask m = mask("quo\"te\\pw", "hunter22");
        Path file = dir.resolve("journal.jsonl");
        try (RunJournal journal = new RunJournal(file, m)) {
            journal.append(new Note(Instant.EPOCH, "the tool said quo\"te\\pw"));
            TestFinished.Case c = new TestFinished.Case("d0", "g", "t", "g.T", "logs/d0/g/t.log");
            journal.append(TestFinished.error(Instant.EPOCH, c, "flash failed: password hunter22 rejected", "flash-failed",
                    "detail hunter22", Duration.ZERO));
        }
        String text = Files.readString(file);
        assertThat(text).doesNotContain("hunter22").doesNotContain("te\\\\pw").contains("<redacted>");
        var events = RunJournal.read(file);
        assertThat(events).hasSize(2);
        assertThat(((Note) events.get(0)).text()).isEqualTo("the tool said <redacted>");
        TestFinished t = (TestFinished) events.get(1);
        assertThat(t.message()).isEqualTo("flash failed: password <redacted> rejected");
        assertThat(t.detail()).isEqualTo("detail <redacted>");
    }

    @Test
    void progressSeesMaskedEvents() {
        SecretMask m = mask("hunter22");
        TestFinished.Case c = new TestFinished.Case("d0", "g", "t", "g.T", "logs/d0/g/t.log");
        TestFinished e = TestFinished.error(Instant.EPOCH, c, "pw hunter22", "flash-failed", null, Duration.ZERO);
        assertThat(m.mask(e).message()).isEqualTo("pw <redacted>");
        TestFinished clean = TestFinished.error(Instant.EPOCH, c, "nothing secret", "flash-failed", null, Duration.ZERO);
        assertThat(m.mask(clean)).isSameAs(clean);
    }

    private static String time() {
        return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(java.time.ZoneId.systemDefault())
                .format(Instant.EPOCH);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
