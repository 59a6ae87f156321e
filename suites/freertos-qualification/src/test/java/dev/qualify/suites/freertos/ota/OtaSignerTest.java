package dev.qualify.suites.freertos.ota;

import dev.qualify.suites.freertos.echo.Pki;
import dev.qualify.suites.freertos.groups.OtaCoreGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The OTA end-to-end signer: the vendor's key through the JDK, a signCommand without a shell, an untrusted one. */
class OtaSignerTest {
    @TempDir
    Path dir;
    final byte[] image = "a firmware image".getBytes(StandardCharsets.US_ASCII);

    private Path vendorSigner() throws Exception {
        KeyPair pair = Pki.generate("EC", "P256");
        X509Certificate cert = Pki.issue("CN=Vendor signer", pair.getPublic(), null, pair.getPrivate(), false, false,
                null, Duration.ofDays(1));
        Files.writeString(dir.resolve("signer.pem"), Pki.pem(cert));
        Files.writeString(dir.resolve("signer-key.pem"), Pki.pem(pair.getPrivate()));
        return dir;
    }

    private static boolean verifies(X509Certificate cert, byte[] data, byte[] sig) throws Exception {
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(cert.getPublicKey());
        v.update(data);
        return v.verify(sig);
    }

    @Test
    void theVendorsKeySignsWithEcdsaUnderTheEcdsaKeyName() throws Exception {
        vendorSigner();
        OtaCoreGroup.Settings s = OtaCoreGroup.Settings.of(Map.of("otaConfiguration", Map.of("codeSigningConfiguration",
                Map.of("signerCertificate", "signer.pem", "signerPrivateKey", "signer-key.pem"))), dir);
        OtaSigner signer = OtaSigner.of(s, dir.resolve("work"));
        assertThat(signer.signatureKey()).isEqualTo("sig-sha256-ecdsa");
        assertThat(signer.otherSignatureKey()).isEqualTo("sig-sha256-rsa");
        assertThat(verifies(signer.certificate(), image, signer.sign(image))).isTrue();
        OtaSigner untrusted = OtaSigner.untrusted(s, dir.resolve("work2"));
        assertThat(verifies(signer.certificate(), image, untrusted.sign(image))).as("not the vendor's key").isFalse();
    }

    @Test
    void aSignCommandRunsWithoutAShellAndItsSignatureIsUsed() throws Exception {
        vendorSigner();
        List<String> command = List.of("openssl", "dgst", "-sha256", "-sign", dir.resolve("signer-key.pem").toString(),
                "-out", "{{outputSignatureFilePath}}", "{{inputImageFilePath}}");
        OtaCoreGroup.Settings s = OtaCoreGroup.Settings.of(Map.of("otaConfiguration", Map.of("codeSigningConfiguration",
                Map.of("signerCertificate", "signer.pem", "signCommand", command))), dir);
        OtaSigner signer = OtaSigner.of(s, dir.resolve("work"));
        byte[] sig = signer.sign(image);
        assertThat(verifies(signer.certificate(), image, sig)).isTrue();
        // a single string is split at spaces, not given to a shell: a ';' is an argument, so openssl fails on it
        OtaCoreGroup.Settings injected = OtaCoreGroup.Settings.of(Map.of("otaConfiguration", Map.of(
                "codeSigningConfiguration", Map.of("signerCertificate", "signer.pem", "signCommand",
                        "openssl dgst -sha256 -sign " + dir.resolve("signer-key.pem") + " -out {{outputSignatureFilePath}}"
                                + " {{inputImageFilePath}} ; touch " + dir.resolve("pwned")))), dir);
        OtaSigner split = OtaSigner.of(injected, dir.resolve("work3"));
        try {
            split.sign(image);
        } catch (java.io.IOException expected) {
            // openssl refuses the extra arguments
        }
        assertThat(dir.resolve("pwned")).doesNotExist();
    }
}
