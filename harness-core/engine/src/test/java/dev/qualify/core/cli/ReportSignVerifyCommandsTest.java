package dev.qualify.core.cli;

import dev.qualify.core.bundle.SampleRunDir;
import dev.qualify.core.bundle.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code qualify report sign}, {@code qualify report verify} and {@code qualify run --sign-key}: their exit codes and output. */
class ReportSignVerifyCommandsTest {
    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = QualifyMain.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void signThenVerifyThroughTheLatestLinkPrintsTheSignerAndFingerprint() throws Exception {
        Path run = SampleRunDir.write(dir.resolve("results/20260101-000000-abcd1234"));
        Path latest = Files.createSymbolicLink(dir.resolve("results/latest"), run.getFileName());
        KeyPair k = TestKeys.ec("secp256r1");
        Path key = TestKeys.traditional(dir.resolve("vendor-key.pem"), k, null);
        var cert = TestKeys.certificate("O=Acme,CN=Acme Boards", k, "O=Acme,CN=Acme Boards", k, false);
        Path certFile = TestKeys.write(dir.resolve("vendor.crt"), cert);

        assertThat(run("report", "sign", latest.toString(), "--key", key.toString(), "--cert", certFile.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Signed: " + run.toRealPath().resolve("MANIFEST.sha256") + " (6 files)")
                .contains("Signer: CN=Acme Boards,O=Acme").doesNotContain("self-signed");
        assertThat(run("report", "verify", latest.toString(), "--cert", certFile.toString())).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("6 files unchanged, signature holds, signer matches " + certFile)
                .contains("Signer: CN=Acme Boards,O=Acme")
                .contains("SHA-256 fingerprint: " + dev.qualify.core.bundle.Certificates.fingerprint(cert));
    }

    @Test
    void verifyExitsOneNamingEachProblemAndTwoForUnusableInput() throws Exception {
        Path run = SampleRunDir.write(dir.resolve("run"));
        assertThat(run("report", "verify", run.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no MANIFEST.sha256").contains("qualify report sign");
        assertThat(run("report", "verify", dir.resolve("nowhere").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("not a directory");

        Path key = TestKeys.pkcs8(dir.resolve("ed.pem"), TestKeys.ed25519());
        assertThat(run("report", "sign", run.toString(), "--key", key.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("self-signed certificate made from " + key);
        Path garbage = Files.writeString(dir.resolve("garbage.crt"), "not a certificate");
        assertThat(run("report", "verify", run.toString(), "--cert", garbage.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(garbage + ": not an X.509 certificate");

        Files.writeString(run.resolve("junit.xml"), "<testsuites tests=\"99\"/>\n");
        assertThat(run("report", "verify", run.toString())).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("changed: junit.xml" + System.lineSeparator());
        assertThat(err.toString()).contains("does NOT verify: 1 problem");
    }

    @Test
    void signWithAFileThatIsNoKeyExitsTwoNamingIt() throws Exception {
        Path run = SampleRunDir.write(dir.resolve("run"));
        Path notKey = Files.writeString(dir.resolve("vendor-key.pem"), "hello");
        assertThat(run("report", "sign", run.toString(), "--key", notKey.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(notKey + ": no PEM object").contains("--key");
        assertThat(run.resolve("MANIFEST.sha256")).doesNotExist();
    }

    @Test
    void aDirectoryThatIsNoRunIsNeitherSignedNorVerifiedButARunMissingItsJournalIsTampered() throws Exception {
        Path notARun = Files.createDirectories(dir.resolve("home"));
        Files.writeString(notARun.resolve("notes.txt"), "not a run\n");
        Path key = TestKeys.pkcs8(dir.resolve("ed.pem"), TestKeys.ed25519());
        assertThat(run("report", "sign", notARun.toString(), "--key", key.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a run directory: it has no journal.jsonl").contains("nothing was signed");
        assertThat(notARun.resolve("MANIFEST.sha256")).doesNotExist();
        assertThat(notARun.resolve("MANIFEST.sha256.p7s")).doesNotExist();
        assertThat(run("report", "verify", notARun.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a run directory: it has no journal.jsonl and no MANIFEST.sha256");

        Path run = SampleRunDir.write(dir.resolve("run"));
        assertThat(run("report", "sign", run.toString(), "--key", key.toString())).as(err.toString()).isZero();
        Files.delete(run.resolve("journal.jsonl"));
        assertThat(run("report", "verify", run.toString())).as("a signed run whose journal was removed").isEqualTo(1);
        assertThat(out.toString()).contains("removed: journal.jsonl");
    }

    @Test
    void runChecksTheSigningKeyBeforeItReadsTheConfig() throws Exception {
        Path notKey = Files.writeString(dir.resolve("vendor-key.pem"), "hello");
        assertThat(run("run", "--config", dir.resolve("no-such-config.yaml").toString(), "--sign-key", notKey.toString(),
                "--output", dir.resolve("results").toString())).isEqualTo(2);
        assertThat(err.toString()).contains(notKey + ": no PEM object").contains("--sign-key").doesNotContain("no-such-config");
        assertThat(run("run", "--config", dir.resolve("no-such-config.yaml").toString(), "--sign-cert", "x.crt")).isEqualTo(2);
        assertThat(err.toString()).contains("--sign-cert and --sign-passphrase-env need --sign-key");
        assertThat(dir.resolve("results")).doesNotExist();
    }
}
