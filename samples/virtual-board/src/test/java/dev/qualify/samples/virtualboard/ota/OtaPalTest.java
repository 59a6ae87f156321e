package dev.qualify.samples.virtualboard.ota;

import dev.qualify.samples.virtualboard.transport.SelfSignedCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The board's OTA PAL on its flash: files, signatures, image states across a reset. */
class OtaPalTest {
    @TempDir
    Path dir;

    private OtaPal.FileContext fileContext(String path, long size) {
        OtaPal.FileContext f = new OtaPal.FileContext();
        f.filePath = path;
        f.fileSize = size;
        return f;
    }

    private static String pem(SelfSignedCertificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(c.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void aReceivedImageIsVerifiedWithTheSignerCertificateAndItsStateSurvivesAReset() throws Exception {
        Path flash = dir.resolve("flash.bin");
        SelfSignedCertificate signer = SelfSignedCertificate.create("EC", "CN=signer");
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(signer.privateKey());
        s.update(OtaPalTests.TEST_IMAGE);
        byte[] sig = s.sign();

        OtaPal pal = new OtaPal(flash, 3, false);
        pal.provision("/certs/signer.pem", pem(signer).getBytes());
        OtaPal.FileContext f = fileContext("/fw/image.bin", OtaPalTests.TEST_IMAGE.length);
        assertThat(pal.createFileForRx(f)).isEqualTo(OtaPal.SUCCESS);
        assertThat(Files.exists(pal.fileSystem().resolve("fw/image.bin"))).isTrue();
        assertThat(pal.writeBlock(f, 0, OtaPalTests.TEST_IMAGE, 40)).isEqualTo(40);
        assertThat(pal.writeBlock(f, 40, java.util.Arrays.copyOfRange(OtaPalTests.TEST_IMAGE, 40, 84), 44))
                .isEqualTo(44);
        assertThat(pal.writeBlock(f, 80, new byte[10], 10)).as("past the file size").isEqualTo(-1);
        f.signature = sig;
        f.certFilePath = "/certs/signer.pem";
        assertThat(pal.closeFile(f)).isEqualTo(OtaPal.SUCCESS);
        assertThat(pal.setPlatformImageState(f, OtaPal.IMAGE_STATE_ACCEPTED)).isEqualTo(OtaPal.COMMIT_FAILED);
        assertThat(pal.setPlatformImageState(f, OtaPal.IMAGE_STATE_TESTING)).isEqualTo(OtaPal.SUCCESS);

        OtaPal afterReset = new OtaPal(flash, 3, false);
        assertThat(afterReset.getPlatformImageState(null)).isEqualTo(OtaPal.PAL_IMAGE_STATE_PENDING_COMMIT);
        assertThat(afterReset.setPlatformImageState(null, OtaPal.IMAGE_STATE_ACCEPTED)).isEqualTo(OtaPal.SUCCESS);
        assertThat(new OtaPal(flash, 3, false).getPlatformImageState(null)).isEqualTo(OtaPal.PAL_IMAGE_STATE_VALID);
        assertThat(new OtaPal(flash, 3, false).setPlatformImageState(null, 0)).isEqualTo(OtaPal.BAD_IMAGE_STATE);
        assertThat(new OtaPal(flash, 3, false).setPlatformImageState(null, 5)).isEqualTo(OtaPal.BAD_IMAGE_STATE);
    }

    @Test
    void aBadSignatureAMissingCertificateAndAbortAreReported() throws Exception {
        Path flash = dir.resolve("flash.bin");
        SelfSignedCertificate signer = SelfSignedCertificate.create("RSA", "CN=signer");
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(signer.privateKey());
        s.update(OtaPalTests.TEST_IMAGE);
        byte[] sig = s.sign();
        OtaPal pal = new OtaPal(flash, 2, true); // --bad-ota-signature
        pal.provision("signer.pem", pem(signer).getBytes());
        OtaPal.FileContext f = fileContext("image.bin", OtaPalTests.TEST_IMAGE.length);
        pal.createFileForRx(f);
        pal.writeBlock(f, 0, OtaPalTests.TEST_IMAGE, OtaPalTests.TEST_IMAGE.length);
        f.signature = sig;
        f.certFilePath = "signer.pem";
        assertThat(pal.closeFile(f)).isEqualTo(OtaPal.SIGNATURE_CHECK_FAILED);
        assertThat(new OtaPal(flash, 2, false).getPlatformImageState(null)).isEqualTo(OtaPal.PAL_IMAGE_STATE_INVALID);

        OtaPal good = new OtaPal(flash, 2, false);
        OtaPal.FileContext g = fileContext("image.bin", OtaPalTests.TEST_IMAGE.length);
        good.createFileForRx(g);
        good.writeBlock(g, 0, OtaPalTests.TEST_IMAGE, OtaPalTests.TEST_IMAGE.length);
        g.signature = sig;
        g.certFilePath = "missing.pem";
        assertThat(good.closeFile(g)).isEqualTo(OtaPal.BAD_SIGNER_CERT);

        OtaPal.FileContext h = fileContext("other.bin", 10);
        assertThat(good.createFileForRx(h)).isEqualTo(OtaPal.SUCCESS);
        assertThat(good.abort(h)).isEqualTo(OtaPal.SUCCESS);
        assertThat(h.hasFile()).isFalse();
        assertThat(Files.exists(good.fileSystem().resolve("other.bin"))).isFalse();
        assertThat(good.abort(fileContext("never.bin", 1))).isEqualTo(OtaPal.SUCCESS);
        assertThat(good.createFileForRx(fileContext("big.bin", OtaPal.MAX_FILE_SIZE + 1L)))
                .isEqualTo(OtaPal.RX_FILE_TOO_LARGE);
        assertThat(good.createFileForRx(fileContext("../escape.bin", 1))).isEqualTo(OtaPal.RX_FILE_CREATE_FAILED);
    }
}
