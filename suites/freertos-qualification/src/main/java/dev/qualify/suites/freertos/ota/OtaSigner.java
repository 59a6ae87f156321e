package dev.qualify.suites.freertos.ota;

import dev.qualify.api.driver.SettingsException;
import dev.qualify.suites.freertos.echo.Pki;
import dev.qualify.suites.freertos.groups.OtaCoreGroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The vendor's code signer of the OTA end-to-end groups, from {@code otaConfiguration.codeSigningConfiguration}
 * (see {@link OtaCoreGroup.Settings}): SHA-256 with ECDSA or RSA by the JDK with {@code signerPrivateKey}, or
 * {@code signCommand} run without a shell (a list is the argv; a single string is split at white space), its
 * {@code {{inputImageFilePath}}} and {@code {{outputSignatureFilePath}}} replaced, its output the DER signature, raw
 * or base64. Without a signer certificate a key pair and a certificate are generated for the run.
 */
public final class OtaSigner {
    private final OtaCoreGroup.Settings settings;
    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Path workDir;
    private int signed;

    private OtaSigner(OtaCoreGroup.Settings settings, X509Certificate certificate, PrivateKey key, Path workDir) {
        this.settings = settings;
        this.certificate = certificate;
        this.key = key;
        this.workDir = workDir;
    }

    /** The configured signer (or one generated for the run). */
    public static OtaSigner of(OtaCoreGroup.Settings s, Path workDir) {
        try {
            if (s.signerCertificate() == null) return generated(s, workDir, "Qualify OTA code signer");
            X509Certificate cert = Pki.readCertificates(s.signerCertificate()).get(0);
            PrivateKey key = s.signerPrivateKey() == null ? null : Pki.readPrivateKey(s.signerPrivateKey());
            return new OtaSigner(s, cert, key, workDir);
        } catch (IOException e) {
            throw new SettingsException("otaConfiguration.codeSigningConfiguration",
                    "cannot read the code signer: " + e.getMessage(), "check signerCertificate and signerPrivateKey");
        }
    }

    /** A signer of the same algorithm that the device does not trust (OTAE2EUntrustedCertificate). */
    public static OtaSigner untrusted(OtaCoreGroup.Settings s, Path workDir) {
        return generated(s, workDir, "Qualify untrusted OTA signer");
    }

    private static OtaSigner generated(OtaCoreGroup.Settings s, Path workDir, String name) {
        KeyPair pair = Pki.generate(s.certType() == OtaCoreGroup.OTA_ECDSA_SHA256 ? "EC" : "RSA", "P256");
        X509Certificate cert = Pki.issue("CN=" + name + ",O=Qualify", pair.getPublic(), null, pair.getPrivate(),
                false, false, null, Duration.ofDays(2));
        return new OtaSigner(new OtaCoreGroup.Settings(s.certType(), s.certificateFile(), s.firmwareFile(),
                s.useFileSystem(), null, null, List.of()), cert, pair.getPrivate(), workDir);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The job document's signature key for this signer's algorithm. */
    public String signatureKey() {
        return settings.certType() == OtaCoreGroup.OTA_ECDSA_SHA256 ? "sig-sha256-ecdsa" : "sig-sha256-rsa";
    }

    /** The other algorithm's key (OTAE2EIncorrectSigningAlgorithm). */
    public String otherSignatureKey() {
        return settings.certType() == OtaCoreGroup.OTA_ECDSA_SHA256 ? "sig-sha256-rsa" : "sig-sha256-ecdsa";
    }

    /** The DER signature of {@code data}. */
    public synchronized byte[] sign(byte[] data) throws IOException {
        if (key != null) {
            try {
                Signature s = Signature.getInstance(settings.certType() == OtaCoreGroup.OTA_ECDSA_SHA256
                        ? "SHA256withECDSA" : "SHA256withRSA");
                s.initSign(key);
                s.update(data);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot sign: " + e.getMessage(), e);
            }
        }
        return signCommand(data, "ota-image-" + ++signed);
    }

    private byte[] signCommand(byte[] data, String name) throws IOException {
        Files.createDirectories(workDir);
        Path input = workDir.resolve(name + ".bin");
        Path output = workDir.resolve(name + ".sig");
        Path log = workDir.resolve(name + ".sign.log");
        Files.write(input, data);
        Files.deleteIfExists(output);
        List<String> template = settings.signCommand().size() == 1
                ? List.of(settings.signCommand().get(0).trim().split("\\s+")) : settings.signCommand();
        List<String> argv = new ArrayList<>();
        for (String a : template) {
            argv.add(a.replace("{{inputImageFilePath}}", input.toString())
                    .replace("{{outputSignatureFilePath}}", output.toString()));
        }
        Process p = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("signCommand did not finish within 2 minutes (log: " + log + ")");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signing", e);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(output)) {
            throw new IOException("signCommand exited " + p.exitValue() + " (log: " + log + ")"
                    + (Files.isRegularFile(output) ? "" : " without writing " + output));
        }
        byte[] sig = Files.readAllBytes(output);
        String text = new String(sig, StandardCharsets.US_ASCII).strip();
        if (!text.isEmpty() && text.matches("[A-Za-z0-9+/=\\s]+")) return Base64.getMimeDecoder().decode(text);
        return sig;
    }
}
