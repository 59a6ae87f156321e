package dev.qualify.suites.freertos.groups;

import dev.qualify.api.driver.SettingsException;
import dev.qualify.suites.freertos.echo.Pki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OTACore's settings and code signing. */
class OtaCoreSigningTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({"RSA, SHA1, 1, SHA1withRSA", "RSA, SHA256, 2, SHA256withRSA", "ECDSA, SHA256, 3, SHA256withECDSA"})
    void aGeneratedSignerSignsTheTestImageAndOnlyIt(String alg, String hash, int type, String jca) throws Exception {
        OtaCoreGroup.Settings s = OtaCoreGroup.Settings.of(Map.of("otaConfiguration", Map.of(
                "codeSigningConfiguration", Map.of("signerSigningAlgorithm", alg, "signerHashingAlgorithm", hash))), dir);
        assertThat(s.certType()).isEqualTo(type);
        OtaCoreGroup.Signed signed = OtaCoreGroup.sign(s, dir);
        assertThat(signed.generated()).isTrue();
        Signature v = Signature.getInstance(jca);
        v.initVerify(signed.signer().getPublicKey());
        v.update(OtaCoreGroup.TEST_IMAGE);
        assertThat(v.verify(signed.validSignature())).isTrue();
        v.initVerify(signed.signer().getPublicKey());
        v.update(OtaCoreGroup.TEST_IMAGE);
        assertThat(v.verify(signed.invalidSignature())).isFalse();
    }

    @Test
    void aSingleStringSignCommandIsSplitIntoWordsAndNeverGivenToAShell() throws Exception {
        KeyPair pair = Pki.generate("EC", "P256");
        X509Certificate cert = Pki.issue("CN=Vendor signer", pair.getPublic(), null, pair.getPrivate(), false, false,
                null, Duration.ofDays(1));
        Files.writeString(dir.resolve("signer.pem"), Pki.pem(cert));
        Files.writeString(dir.resolve("signer-key.pem"), Pki.pem(pair.getPrivate()));
        String openssl = "openssl dgst -sha256 -sign " + dir.resolve("signer-key.pem")
                + " -out {{outputSignatureFilePath}} {{inputImageFilePath}}";
        OtaCoreGroup.Signed signed = OtaCoreGroup.sign(settingsWithSignCommand(openssl), dir.resolve("work"));
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(cert.getPublicKey());
        v.update(OtaCoreGroup.TEST_IMAGE);
        assertThat(v.verify(signed.validSignature())).as("the command's signature is the one used").isTrue();
        assertThat(signed.generated()).isFalse();
        // with a shell, the ';' would end openssl's words and run touch; split into words it is an argument openssl refuses
        assertThatThrownBy(() -> OtaCoreGroup.sign(settingsWithSignCommand(openssl + " ; touch " + dir.resolve("pwned")),
                dir.resolve("work2"))).isInstanceOf(SettingsException.class);
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    private OtaCoreGroup.Settings settingsWithSignCommand(String command) {
        return OtaCoreGroup.Settings.of(Map.of("otaConfiguration", Map.of("codeSigningConfiguration",
                Map.of("signerCertificate", "signer.pem", "signCommand", command))), dir);
    }

    @Test
    void settingsUseIdtNamesAndRefuseWhatCannotSign() {
        OtaCoreGroup.Settings s = OtaCoreGroup.Settings.of(Map.of("otaConfiguration", Map.of(
                "otaPALCertificatePath", "ota_signer_pub", "deviceFirmwarePath", "fw.bin",
                "otaPALUseFileSystem", true)), dir);
        assertThat(s.certType()).isEqualTo(3);
        assertThat(s.certificateFile()).isEqualTo("ota_signer_pub");
        assertThat(s.firmwareFile()).isEqualTo("fw.bin");
        assertThat(s.useFileSystem()).isEqualTo(1);
        assertThatThrownBy(() -> OtaCoreGroup.Settings.of(Map.of("otaConfiguration", Map.of(
                "codeSigningConfiguration", Map.of("signerSigningAlgorithm", "ECDSA", "signerHashingAlgorithm",
                        "SHA1"))), dir)).isInstanceOf(SettingsException.class);
        assertThatThrownBy(() -> OtaCoreGroup.Settings.of(Map.of("otaConfiguration", Map.of(
                "codeSigningConfiguration", Map.of("signerCertificate", "arn:aws:acm:x"))), dir))
                .isInstanceOf(SettingsException.class).hasMessageContaining("ARN");
        assertThatThrownBy(() -> OtaCoreGroup.Settings.of(Map.of("otaConfiguration", Map.of("bogus", 1)), dir))
                .isInstanceOf(SettingsException.class);
    }
}
