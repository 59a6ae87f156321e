package dev.qualify.distribution;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Signed bundles through the real {@code bin/qualify}, with keys and certificates made by the real {@code openssl}:
 * a run with {@code --sign-key} writes a bundle that {@code qualify report verify}, {@code sha256sum -c} and
 * {@code openssl cms -verify} accept (and the IDT report's own signature, checked as docs/reports.md tells
 * customers to); changed, added and removed files, a tampered signature and a wrong certificate are caught; a bad
 * key, a wrong passphrase and a certificate of another key exit 2 before the run starts.
 */
class SignedBundleIT {
    private static final String GROUP = "FullPKCS11_Core";
    private static final String PASSPHRASE = "Vendor-Key-Passphr4se";
    private static final String LOG = "logs/board-1/" + GROUP + "/PKCS11_Digest.log";

    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        for (String tool : List.of("openssl", "sha256sum", "sed", "base64")) {
            assertThat(onPath(tool)).as(tool + " is needed (apt-get install openssl coreutils sed)").isTrue();
        }
    }

    @Test
    void aRunWithSignKeyWritesABundleThatQualifySha256sumAndOpensslVerify() throws Exception {
        Path ca = vendorCa("ca");
        tool(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass", "env:VENDOR_PASS",
                "-out", "signer.key");
        assertThat(dir.resolve("signer.key")).content().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        tool(dir, "openssl", "req", "-new", "-key", "signer.key", "-passin", "env:VENDOR_PASS", "-subj", "/CN=Acme Bundle Signer", "-out", "signer.csr");
        tool(dir, "openssl", "x509", "-req", "-in", "signer.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "30",
                "-out", "signer.crt");

        Qualify.Result r = qualify(Map.of("VENDOR_PASS", PASSPHRASE), "run", "--config", new VirtualPool().board().write(dir).toString(),
                "--group", GROUP, "--output", dir.resolve("results").toString(), "--sign-key", "signer.key", "--sign-cert", "signer.crt",
                "--sign-passphrase-env", "VENDOR_PASS");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path run = r.runDir();
        assertThat(r.stdout()).contains("Signed: " + run.resolve("MANIFEST.sha256")).contains("Signer: CN=Acme Bundle Signer")
                .contains("awsiotdevicetester_report.xml carries the <signature>").doesNotContain("self-signed");
        assertPassphraseNowhere(r);

        HostRun sums = tool(run, "sha256sum", "--strict", "-c", "MANIFEST.sha256");
        assertThat(sums.out().lines()).hasSize(Files.readAllLines(run.resolve("MANIFEST.sha256")).size()).allMatch(l -> l.endsWith(": OK"));
        assertThat(sums.out()).contains(LOG + ": OK").contains("junit.xml: OK").contains("journal.jsonl: OK")
                .contains("awsiotdevicetester_report.xml: OK");
        assertThat(opensslVerify(run, "MANIFEST.sha256", "MANIFEST.sha256.p7s", "PEM", ca).exit()).isZero();
        assertIdtReportVerifiesWithOpenssl(run, ca);
        SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(IdtConfigIT.APN_XSD.toFile()).newValidator()
                .validate(new StreamSource(run.resolve("awsiotdevicetester_report.xml").toFile()));

        Qualify.Result ok = qualify(Map.of(), "report", "verify", run.toString(), "--cert", ca.toString());
        String fingerprint = tool(dir, "openssl", "x509", "-in", "signer.crt", "-noout", "-fingerprint", "-sha256").out().trim();
        assertThat(ok.exitCode()).as(ok.stdout() + ok.stderr()).isZero();
        assertThat(ok.stdout()).contains("Signer: CN=Acme Bundle Signer")
                .contains("SHA-256 fingerprint: " + fingerprint.substring(fingerprint.indexOf('=') + 1));

        Path otherCa = vendorCa("other");
        Qualify.Result wrongCert = qualify(Map.of(), "report", "verify", run.toString(), "--cert", otherCa.toString());
        assertThat(wrongCert.exitCode()).as(wrongCert.stdout() + wrongCert.stderr()).isEqualTo(1);
        assertThat(wrongCert.stdout()).contains("signer: signed by CN=Acme Bundle Signer").contains("CN=Other CA");

        Path sig = run.resolve("MANIFEST.sha256.p7s");
        String original = Files.readString(sig);
        List<String> lines = new ArrayList<>(original.lines().toList());
        int mid = lines.size() - 3; // a line near the end: the signature value
        lines.set(mid, lines.get(mid).substring(0, 10) + (lines.get(mid).charAt(10) == 'A' ? 'B' : 'A') + lines.get(mid).substring(11));
        Files.writeString(sig, String.join("\n", lines) + "\n");
        Qualify.Result badSig = qualify(Map.of(), "report", "verify", run.toString());
        assertThat(badSig.exitCode()).as(badSig.stdout() + badSig.stderr()).isEqualTo(1);
        assertThat(badSig.stdout()).contains("signature: MANIFEST.sha256.p7s");
        assertThat(opensslVerify(run, "MANIFEST.sha256", "MANIFEST.sha256.p7s", "PEM", ca).exit()).isNotZero();
        Files.writeString(sig, original);

        byte[] log = Files.readAllBytes(run.resolve(LOG));
        log[log.length / 2] ^= 0x01;
        Files.write(run.resolve(LOG), log);
        Files.writeString(run.resolve("logs/board-1/notes.txt"), "added after signing\n");
        Files.delete(run.resolve("summary.txt"));
        Qualify.Result tampered = qualify(Map.of(), "report", "verify", run.toString(), "--cert", ca.toString());
        assertThat(tampered.exitCode()).as(tampered.stdout() + tampered.stderr()).isEqualTo(1);
        assertThat(tampered.stdout().lines()).containsExactlyInAnyOrder("changed: " + LOG, "added: logs/board-1/notes.txt", "removed: summary.txt");
        assertThat(tampered.stderr()).contains("does NOT verify: 3 problems");
    }

    @Test
    void aFailedRunIsSignedTooAndReportSignSignsItAgainAfterwards() throws Exception {
        tool(dir, "openssl", "genpkey", "-algorithm", "ed25519", "-out", "ed25519.pem");
        Qualify.Result r = qualify(Map.of(), "run", "--config", new VirtualPool().board("--fail-case", "PKCS11_Digest").write(dir).toString(),
                "--group", GROUP, "--output", dir.resolve("results").toString(), "--sign-key", "ed25519.pem");
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        Path run = r.runDir();
        assertThat(r.stdout()).contains("Signed: ").contains("self-signed certificate made from ed25519.pem");
        Qualify.Result ok = qualify(Map.of(), "report", "verify", run.toString());
        assertThat(ok.exitCode()).as(ok.stdout() + ok.stderr()).isZero();
        assertThat(ok.stdout()).contains("Signer: CN=Qualify self-signed bundle signer,O=not vouched for by any authority");
        // Ed25519 in CMS (RFC 8419): OpenSSL 3.0 parses it but cannot verify it (see docs/reports.md)
        assertThat(tool(run, "openssl", "cms", "-cmsout", "-print", "-inform", "PEM", "-in", "MANIFEST.sha256.p7s").out())
                .contains("ED25519").contains("Qualify self-signed bundle signer");

        // afterwards, with an OpenSSL traditional EC key and no certificate: openssl verifies with the embedded one
        tool(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "p256.pem");
        tool(dir, "openssl", "ec", "-in", "p256.pem", "-out", "p256-traditional.pem");
        assertThat(dir.resolve("p256-traditional.pem")).content().startsWith("-----BEGIN EC PRIVATE KEY-----");
        Qualify.Result signed = qualify(Map.of(), "report", "sign", run.toString(), "--key", "p256-traditional.pem");
        assertThat(signed.exitCode()).as(signed.stdout() + signed.stderr()).isZero();
        tool(run, "openssl", "pkcs7", "-in", "MANIFEST.sha256.p7s", "-print_certs", "-out", dir.resolve("embedded.crt").toString());
        assertThat(opensslVerify(run, "MANIFEST.sha256", "MANIFEST.sha256.p7s", "PEM", dir.resolve("embedded.crt")).exit()).isZero();
        assertIdtReportVerifiesWithOpenssl(run, dir.resolve("embedded.crt"));
        assertThat(tool(run, "sha256sum", "--strict", "-c", "MANIFEST.sha256").exit()).isZero();
        assertThat(qualify(Map.of(), "report", "verify", run.toString(), "--cert", dir.resolve("embedded.crt").toString()).exitCode()).isZero();
    }

    @Test
    void anInterruptedRunIsSignedWithWhatFinished() throws Exception {
        tool(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "p256.pem");
        Path results = dir.resolve("results");
        Path config = new VirtualPool().board("--line-delay-ms", "400").write(dir);
        Process p = Qualify.start(dir, "run", "--config", config.toString(), "--group", GROUP, "--output", results.toString(),
                "--sign-key", "p256.pem");
        try {
            await().atMost(2, TimeUnit.MINUTES).until(() -> journalHasAPassedTest(results));
            new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        Qualify.Result r = Qualify.finished(p, dir);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(130);
        Path run = r.runDir();
        assertThat(r.stdout()).contains("Signed: " + run.resolve("MANIFEST.sha256"));
        Qualify.Result ok = qualify(Map.of(), "report", "verify", run.toString());
        assertThat(ok.exitCode()).as(ok.stdout() + ok.stderr()).isZero();
        List<String> journal = Files.readAllLines(run.resolve("journal.jsonl"));
        assertThat(journal.get(journal.size() - 1)).as("the signed journal is the finished one").contains("\"event\":\"run-finished\"")
                .contains("\"exitCode\":130");
        assertThat(Files.readString(run.resolve("summary.txt"))).contains("interrupted");
    }

    private static boolean journalHasAPassedTest(Path results) throws Exception {
        if (!Files.isDirectory(results)) return false;
        try (Stream<Path> runs = Files.list(results)) {
            for (Path run : runs.toList()) {
                Path j = run.resolve("journal.jsonl");
                if (Files.exists(j) && Files.readString(j, StandardCharsets.UTF_8).contains("\"outcome\":\"PASSED\"")) return true;
            }
        }
        return false;
    }

    @Test
    void aBadKeyAWrongPassphraseOrACertificateOfAnotherKeyExitTwoBeforeTheRunStarts() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Files.writeString(dir.resolve("not-a-key.pem"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        tool(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass", "env:VENDOR_PASS",
                "-out", "encrypted.pem");
        vendorCa("ca");

        expectRefused(config, Map.of(), List.of("--sign-key", "not-a-key.pem"), "not-a-key.pem: ", "PEM private key");
        expectRefused(config, Map.of(), List.of("--sign-key", "missing.pem"), "missing.pem: cannot read the private key");
        expectRefused(config, Map.of("VENDOR_PASS", "not the passphrase"), List.of("--sign-key", "encrypted.pem", "--sign-passphrase-env", "VENDOR_PASS"),
                "encrypted.pem: cannot decrypt the private key with the passphrase in $VENDOR_PASS", "wrong passphrase");
        expectRefused(config, Map.of(), List.of("--sign-key", "encrypted.pem"), "encrypted.pem: the private key is encrypted", "--sign-passphrase-env");
        expectRefused(config, Map.of("VENDOR_PASS", PASSPHRASE), List.of("--sign-key", "encrypted.pem", "--sign-passphrase-env", "VENDOR_PASS",
                "--sign-cert", "ca.crt"), "ca.crt: this certificate (CN=Acme Root CA", "is not the certificate of the key encrypted.pem");
    }

    private void expectRefused(Path config, Map<String, String> env, List<String> signing, String... messages) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--config", config.toString(), "--group", GROUP,
                "--output", dir.resolve("results").toString(), "--lock-dir", dir.resolve("locks").toString()));
        args.addAll(signing);
        Qualify.Result r = qualify(env, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(2);
        assertThat(r.stderr()).contains(messages).doesNotContain("not the passphrase").doesNotContain(PASSPHRASE);
        assertThat(dir.resolve("results")).as("nothing written").doesNotExist();
        assertThat(dir.resolve("locks")).as("no device locked, so none touched").doesNotExist();
    }

    /** The check docs/reports.md gives customers for the IDT report's {@code <signature>}: sed, base64 and openssl. */
    private void assertIdtReportVerifiesWithOpenssl(Path run, Path trusted) throws Exception {
        String xml = run.resolve("awsiotdevicetester_report.xml").toString();
        String b64 = tool(run, "sed", "-n", "s|.*<signature>\\([^<]*\\)</signature>.*|\\1|p", xml).out();
        Files.writeString(dir.resolve("report.b64"), b64);
        HostRun der = host(dir, List.of("base64", "-d"), Map.of(), dir.resolve("report.b64"), dir.resolve("report.p7s"));
        assertThat(der.exit()).isZero();
        HostRun unsigned = host(dir, List.of("sed", "s|<signature>[^<]*</signature><keyname>[^<]*</keyname>||", xml), Map.of(),
                null, dir.resolve("unsigned.xml"));
        assertThat(unsigned.exit()).isZero();
        assertThat(dir.resolve("unsigned.xml")).content().doesNotContain("<signature>").contains("</testsuiteversion><session>");
        HostRun v = opensslVerify(dir, "unsigned.xml", "report.p7s", "DER", trusted);
        assertThat(v.exit()).as(v.out() + v.err()).isZero();
        assertThat(v.err()).contains("CMS Verification successful");
    }

    private HostRun opensslVerify(Path in, String content, String signature, String form, Path trusted) throws Exception {
        return host(in, List.of("openssl", "cms", "-verify", "-binary", "-content", content, "-in", signature, "-inform", form,
                "-CAfile", trusted.toString(), "-out", "/dev/null"), Map.of(), null, null);
    }

    private Path vendorCa(String name) throws Exception {
        tool(dir, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
        tool(dir, "openssl", "req", "-x509", "-new", "-key", name + ".key", "-subj", name.equals("ca") ? "/CN=Acme Root CA" : "/CN=Other CA",
                "-days", "30", "-out", name + ".crt");
        return dir.resolve(name + ".crt");
    }

    private void assertPassphraseNowhere(Qualify.Result r) throws Exception {
        assertThat(r.stdout() + r.stderr()).doesNotContain(PASSPHRASE);
        try (Stream<Path> files = Files.walk(dir.resolve("results"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(PASSPHRASE);
            }
        }
    }

    /** {@code bin/qualify} in {@link #dir} with {@code env} added, as {@link Qualify#run} but with an environment. */
    private Qualify.Result qualify(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Qualify.HOME.resolve("bin/qualify").toString()));
        argv.addAll(List.of(args));
        HostRun h = host(dir, argv, env, null, null);
        return new Qualify.Result(h.exit(), h.out(), h.err());
    }

    private static HostRun tool(Path in, String... argv) throws Exception {
        HostRun h = host(in, List.of(argv), Map.of("VENDOR_PASS", PASSPHRASE), null, null);
        assertThat(h.exit()).as(String.join(" ", argv) + "\n" + h.out() + h.err()).isZero();
        return h;
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (new File(d, tool).canExecute()) return true;
        }
        return false;
    }

    /** A finished host process. */
    private record HostRun(int exit, String out, String err) {
    }

    /**
     * Runs {@code argv} (no shell) in {@code in}; stdin from {@code stdin} and stdout to {@code stdout} when given.
     * Captured output goes to temporary files outside the run directory, so it never becomes a file of the bundle.
     */
    private static HostRun host(Path in, List<String> argv, Map<String, String> env, Path stdin, Path stdout) throws Exception {
        Path o = stdout != null ? stdout : Files.createTempFile("signed-bundle-it", ".out");
        Path e = Files.createTempFile("signed-bundle-it", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(in.toFile()).redirectOutput(o.toFile()).redirectError(e.toFile());
            pb.environment().putAll(env);
            if (stdin != null) pb.redirectInput(stdin.toFile());
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(argv + " did not finish within 5 minutes");
            }
            return new HostRun(p.exitValue(), stdout != null ? "" : Files.readString(o, StandardCharsets.UTF_8), Files.readString(e, StandardCharsets.UTF_8));
        } finally {
            if (stdout == null) Files.deleteIfExists(o);
            Files.deleteIfExists(e);
        }
    }
}
