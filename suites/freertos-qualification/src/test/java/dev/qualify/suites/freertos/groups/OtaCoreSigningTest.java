package dev.qualify.suites.freertos.groups;

import dev.qualify.api.driver.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.security.Signature;
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
