package dev.qualify.samples.virtualboard.ota;

import dev.qualify.samples.virtualboard.unity.TestCase;
import dev.qualify.samples.virtualboard.unity.TestGroup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.qualify.samples.virtualboard.unity.UnityAssert.assertEqual;
import static dev.qualify.samples.virtualboard.unity.UnityAssert.assertLessOrEqual;
import static dev.qualify.samples.virtualboard.unity.UnityAssert.assertTrue;

/**
 * The device side of FLIT's {@code ota_pal_test.c}: Unity group {@code Full_OTA_PAL} with its 15 cases in FLIT's
 * {@code TEST_GROUP_RUNNER} order, against the board's real {@link OtaPal}.
 *
 * <p>What the port supplies, from the image's headers: {@code OTA_PAL_TEST_CERT_TYPE} (1 RSA-SHA1, 2 RSA-SHA256,
 * 3 ECDSA-SHA256), {@code OTA_PAL_CERTIFICATE_FILE} and {@code OTA_PAL_FIRMWARE_FILE} (paths in the board's file
 * system), {@code OTA_PAL_USE_FILE_SYSTEM}, and, in place of FLIT's {@code aws_test_ota_pal_*_signature.h} and
 * the code-signing certificate a port compiles in: {@code OTA_PAL_CODE_SIGNER_CERTIFICATE} (PEM, written to
 * {@code OTA_PAL_CERTIFICATE_FILE} before the tests, as a port provisions it), {@code OTA_PAL_TEST_VALID_SIGNATURE}
 * and {@code OTA_PAL_TEST_INVALID_SIGNATURE} (C initializers {@code { 0x30, 0x45, ... }}: signatures over
 * {@link #TEST_IMAGE}).
 *
 * <p>What {@code --fail-case} does: the signature cases use the other signature (or write the image first), the
 * missing-certificate case uses the real certificate, file creation gets an impossible path, aborts are skipped or
 * given a NULL context, writes go to a file never created or past a too-small file, and the image-state cases set
 * a state that is allowed.
 */
public final class OtaPalTests {

    /** Case names, in FLIT order. */
    public static final List<String> CASES = List.of("otaPal_CloseFile_ValidSignature",
            "otaPal_CloseFile_InvalidSignatureBlockWritten", "otaPal_CloseFile_InvalidSignatureNoBlockWritten",
            "otaPal_CloseFile_NonexistingCodeSignerCertificate", "otaPal_CreateFileForRx_CreateAnyFile",
            "otaPal_Abort_OpenFile", "otaPal_Abort_FileWithBlockWritten", "otaPal_Abort_NullFileHandle",
            "otaPal_Abort_NonExistentFile", "otaPal_WriteBlock_WriteSingleByte", "otaPal_WriteBlock_WriteManyBlocks",
            "otaPal_SetPlatformImageState_AcceptedStateWithoutClose",
            "otaPal_SetPlatformImageState_InvalidImageState", "otaPal_SetPlatformImageState_UnknownImageState",
            "otaPal_GetPlatformImageState_InvalidImageStateFromFileCloseFailure");

    /**
     * The test image (FLIT's {@code ucDummyData} role, 84 bytes): SHA-1 of {@code "Qualify OTA PAL test image"}
     * followed by the bytes 0x00..0x3F. The suite signs exactly these bytes.
     */
    public static final byte[] TEST_IMAGE = testImage();

    private static final String FILE = "ota_pal_test.c";
    private static final int NUM_WRITE_BLOCKS = 10;
    /** {@code testParam.pageSize}. */
    public static final int PAGE_SIZE = 256;
    private static final long FAKE_HANDLE = 0x20001000L;
    private static final Pattern HEX_BYTE = Pattern.compile("0[xX]([0-9A-Fa-f]{1,2})");

    private final OtaPal pal;
    private final String certificateFile;
    private final String firmwareFile;
    private final boolean useFileSystem;
    private final String signerCertificatePem;
    private final byte[] validSignature;
    private final byte[] invalidSignature;
    private OtaPal.FileContext file = new OtaPal.FileContext();

    /**
     * @param validSignature   the text of {@code OTA_PAL_TEST_VALID_SIGNATURE} (a C initializer), or null
     * @param invalidSignature the text of {@code OTA_PAL_TEST_INVALID_SIGNATURE}, or null
     */
    public OtaPalTests(OtaPal pal, String certificateFile, String firmwareFile, boolean useFileSystem,
                       String signerCertificatePem, String validSignature, String invalidSignature) {
        this.pal = pal;
        this.certificateFile = certificateFile;
        this.firmwareFile = firmwareFile;
        this.useFileSystem = useFileSystem;
        this.signerCertificatePem = signerCertificatePem;
        this.validSignature = bytes(validSignature);
        this.invalidSignature = bytes(invalidSignature);
    }

    /** The bytes of a C initializer such as {@code { 0x30, 0x45 }} (empty for null or NULL). */
    public static byte[] bytes(String initializer) {
        if (initializer == null) {
            return new byte[0];
        }
        Matcher m = HEX_BYTE.matcher(initializer);
        List<Byte> out = new ArrayList<>();
        while (m.find()) {
            out.add((byte) Integer.parseInt(m.group(1), 16));
        }
        byte[] b = new byte[out.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = out.get(i);
        }
        return b;
    }

    /** The group, with its cases in FLIT's {@code TEST_GROUP_RUNNER} order. */
    public TestGroup group() {
        return new TestGroup("Full_OTA_PAL", FILE, this::provision, this::setUp, this::tearDown, List.of(
                TestCase.of("otaPal_CloseFile_ValidSignature", this::closeFileValidSignature),
                TestCase.of("otaPal_CloseFile_InvalidSignatureBlockWritten", this::closeFileInvalidSignatureBlockWritten),
                TestCase.of("otaPal_CloseFile_InvalidSignatureNoBlockWritten",
                        this::closeFileInvalidSignatureNoBlockWritten),
                TestCase.of("otaPal_CloseFile_NonexistingCodeSignerCertificate",
                        this::closeFileNonexistingCodeSignerCertificate),
                TestCase.of("otaPal_CreateFileForRx_CreateAnyFile", this::createAnyFile),
                TestCase.of("otaPal_Abort_OpenFile", this::abortOpenFile),
                TestCase.of("otaPal_Abort_FileWithBlockWritten", this::abortFileWithBlockWritten),
                TestCase.of("otaPal_Abort_NullFileHandle", this::abortNullFileHandle),
                TestCase.of("otaPal_Abort_NonExistentFile", this::abortNonExistentFile),
                TestCase.of("otaPal_WriteBlock_WriteSingleByte", this::writeSingleByte),
                TestCase.of("otaPal_WriteBlock_WriteManyBlocks", this::writeManyBlocks),
                TestCase.of("otaPal_SetPlatformImageState_AcceptedStateWithoutClose", this::acceptedWithoutClose),
                TestCase.of("otaPal_SetPlatformImageState_InvalidImageState", this::invalidImageState),
                TestCase.of("otaPal_SetPlatformImageState_UnknownImageState", this::unknownImageState),
                TestCase.of("otaPal_GetPlatformImageState_InvalidImageStateFromFileCloseFailure",
                        this::invalidImageStateFromCloseFailure)));
    }

    // ---- fixture

    /** The port's SetupOtaPalTestParam: the code-signing certificate into the file system. */
    private void provision() throws Exception {
        if (signerCertificatePem != null && !signerCertificatePem.equals("NULL")) {
            pal.provision(certificateFile, signerCertificatePem.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void setUp() {
        file = new OtaPal.FileContext();
    }

    private void tearDown() {
        int status = pal.abort(file);
        assertTrue(status == OtaPal.SUCCESS || status == OtaPal.ABORT_FAILED, "Expression Evaluated To FALSE");
    }

    // ---- helpers

    private void create(String path, long size) {
        file.filePath = path;
        file.fileSize = size;
        assertEqual(OtaPal.SUCCESS, pal.createFileForRx(file), null);
    }

    private void writeImage() {
        int written = pal.writeBlock(file, 0, TEST_IMAGE, TEST_IMAGE.length);
        assertEqual(TEST_IMAGE.length, written, null);
    }

    private int close(byte[] signature, String certPath) {
        file.signature = signature;
        file.certFilePath = certPath;
        return pal.closeFile(file);
    }

    private long handle() {
        return file.hasFile() ? FAKE_HANDLE : 0;
    }

    // ---- the tests

    private void closeFileValidSignature(boolean perturbed) {
        create("test_happy_path_image.bin", TEST_IMAGE.length);
        writeImage();
        assertEqual(OtaPal.SUCCESS, close(perturbed ? invalidSignature : validSignature, certificateFile), null);
    }

    private void closeFileInvalidSignatureBlockWritten(boolean perturbed) {
        create(firmwareFile, TEST_IMAGE.length);
        writeImage();
        assertEqual(OtaPal.SIGNATURE_CHECK_FAILED, close(perturbed ? validSignature : invalidSignature,
                certificateFile), null);
    }

    private void closeFileInvalidSignatureNoBlockWritten(boolean perturbed) {
        create(firmwareFile, TEST_IMAGE.length);
        if (perturbed) {
            writeImage();
        }
        assertEqual(OtaPal.SIGNATURE_CHECK_FAILED, close(perturbed ? validSignature : invalidSignature,
                certificateFile), null);
    }

    private void closeFileNonexistingCodeSignerCertificate(boolean perturbed) {
        if (!useFileSystem) {
            return; // #if ( OTA_PAL_USE_FILE_SYSTEM == 1 )
        }
        create(firmwareFile, TEST_IMAGE.length);
        writeImage();
        assertEqual(OtaPal.BAD_SIGNER_CERT, close(validSignature, perturbed ? certificateFile
                : "nonexistingfile.crt"), null);
    }

    private void createAnyFile(boolean perturbed) {
        create(perturbed ? "/" : firmwareFile, TEST_IMAGE.length);
    }

    private void abortOpenFile(boolean perturbed) {
        create(firmwareFile, TEST_IMAGE.length);
        int status = perturbed ? OtaPal.SUCCESS : pal.abort(file);
        assertEqual(OtaPal.SUCCESS, status, null);
        assertEqual(0, handle(), null);
    }

    private void abortFileWithBlockWritten(boolean perturbed) {
        create(firmwareFile, TEST_IMAGE.length);
        writeImage();
        int status = perturbed ? OtaPal.SUCCESS : pal.abort(file);
        assertEqual(OtaPal.SUCCESS, status, null);
        assertEqual(0, handle(), null);
    }

    private void abortNullFileHandle(boolean perturbed) {
        file.filePath = firmwareFile;
        assertEqual(OtaPal.SUCCESS, pal.abort(perturbed ? null : file), null);
    }

    private void abortNonExistentFile(boolean perturbed) {
        file.filePath = "nonexistingfile.bin";
        assertEqual(OtaPal.SUCCESS, pal.abort(perturbed ? null : file), null);
    }

    private void writeSingleByte(boolean perturbed) {
        OtaPal.FileContext target = file;
        if (!perturbed) {
            create(firmwareFile, TEST_IMAGE.length);
        } else {
            target = new OtaPal.FileContext();
            target.filePath = firmwareFile;
            target.fileSize = TEST_IMAGE.length;
        }
        int written = pal.writeBlock(target, 0, new byte[] {(byte) 0xAA}, 1);
        assertEqual(1, written, null);
    }

    private void writeManyBlocks(boolean perturbed) {
        assertLessOrEqual(PAGE_SIZE, TEST_IMAGE.length, null);
        create(firmwareFile, perturbed ? TEST_IMAGE.length : (long) PAGE_SIZE * NUM_WRITE_BLOCKS);
        long offset = 0;
        for (int i = 0; i < NUM_WRITE_BLOCKS; i++) {
            int written = pal.writeBlock(file, offset, TEST_IMAGE, TEST_IMAGE.length);
            assertEqual(TEST_IMAGE.length, written, null);
            offset += PAGE_SIZE;
        }
    }

    private void acceptedWithoutClose(boolean perturbed) {
        create(firmwareFile, TEST_IMAGE.length);
        writeImage();
        if (perturbed) {
            close(validSignature, certificateFile);
            pal.setPlatformImageState(file, OtaPal.IMAGE_STATE_TESTING);
        }
        assertEqual(OtaPal.COMMIT_FAILED, pal.setPlatformImageState(file, OtaPal.IMAGE_STATE_ACCEPTED), null);
    }

    private void invalidImageState(boolean perturbed) {
        create(firmwareFile, TEST_IMAGE.length);
        writeImage();
        int state = perturbed ? OtaPal.IMAGE_STATE_REJECTED : OtaPal.LAST_IMAGE_STATE + 1;
        assertEqual(OtaPal.BAD_IMAGE_STATE, pal.setPlatformImageState(file, state), null);
    }

    private void unknownImageState(boolean perturbed) {
        create(firmwareFile, TEST_IMAGE.length);
        writeImage();
        int state = perturbed ? OtaPal.IMAGE_STATE_ABORTED : OtaPal.IMAGE_STATE_UNKNOWN;
        assertEqual(OtaPal.BAD_IMAGE_STATE, pal.setPlatformImageState(file, state), null);
    }

    private void invalidImageStateFromCloseFailure(boolean perturbed) {
        create(firmwareFile, TEST_IMAGE.length);
        writeImage();
        assertEqual(OtaPal.SIGNATURE_CHECK_FAILED, close(perturbed ? validSignature : invalidSignature,
                certificateFile), null);
        int state = pal.getPlatformImageState(file);
        assertTrue(state == OtaPal.PAL_IMAGE_STATE_INVALID || state == OtaPal.PAL_IMAGE_STATE_UNKNOWN,
                "Expression Evaluated To FALSE");
    }

    private static byte[] testImage() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1")
                    .digest("Qualify OTA PAL test image".getBytes(StandardCharsets.US_ASCII));
            byte[] image = new byte[hash.length + 64];
            System.arraycopy(hash, 0, image, 0, hash.length);
            for (int i = 0; i < 64; i++) {
                image[hash.length + i] = (byte) i;
            }
            return image;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
