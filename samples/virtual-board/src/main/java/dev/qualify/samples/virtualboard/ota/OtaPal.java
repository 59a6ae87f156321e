package dev.qualify.samples.virtualboard.ota;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Properties;

/**
 * The board's OTA PAL ({@code ota_pal.h} of the AWS IoT OTA library v3), for real, on the board's flash:
 * <ul>
 *   <li>{@link #createFileForRx} creates the receive file in the board's file system (a folder next to the flash
 *       file, {@code <flash>.fs/}); a file larger than {@value #MAX_FILE_SIZE} bytes is refused
 *       ({@code OtaPalRxFileTooLarge}), a path that cannot be created gives {@code OtaPalRxFileCreateFailed};</li>
 *   <li>{@link #writeBlock} writes a block at an offset (not past the file's declared size) and returns the bytes
 *       written, or -1;</li>
 *   <li>{@link #closeFile} closes the file and checks the signature in the context over the bytes received, with
 *       the signer certificate read from the file system at the context's certificate path
 *       ({@code OtaPalBadSignerCert} when it is missing or unreadable, {@code OtaPalSignatureCheckFailed} when the
 *       signature does not verify or is missing);</li>
 *   <li>{@link #abort} closes and deletes an open receive file ({@code OtaPalSuccess} also for no file);</li>
 *   <li>{@link #setPlatformImageState} and {@link #getPlatformImageState} keep the image state of the update slot
 *       in the board's flash ({@code <flash>.ota-state}), so it survives a reset: a verified image can be set
 *       Testing (pending commit), only a pending-commit image can be Accepted ({@code OtaPalCommitFailed}
 *       otherwise), Rejected and Aborted always succeed, Unknown or out-of-range states give
 *       {@code OtaPalBadImageState}.</li>
 * </ul>
 * The signature algorithm is the platform's, from {@code OTA_PAL_TEST_CERT_TYPE}: 1 RSA-SHA1, 2 RSA-SHA256,
 * 3 ECDSA-SHA256 (ECDSA signatures in DER, as the OTA service delivers them).
 */
public final class OtaPal {

    // OtaPalMainStatus_t
    public static final int SUCCESS = 0;
    public static final int NULL_FILE_CONTEXT = 0xE2;
    public static final int SIGNATURE_CHECK_FAILED = 0xE3;
    public static final int RX_FILE_CREATE_FAILED = 0xE4;
    public static final int RX_FILE_TOO_LARGE = 0xE5;
    public static final int BAD_SIGNER_CERT = 0xE7;
    public static final int BAD_IMAGE_STATE = 0xE8;
    public static final int ABORT_FAILED = 0xE9;
    public static final int REJECT_FAILED = 0xEA;
    public static final int COMMIT_FAILED = 0xEB;
    public static final int FILE_CLOSE = 0xEE;

    // OtaImageState_t
    public static final int IMAGE_STATE_UNKNOWN = 0;
    public static final int IMAGE_STATE_TESTING = 1;
    public static final int IMAGE_STATE_ACCEPTED = 2;
    public static final int IMAGE_STATE_REJECTED = 3;
    public static final int IMAGE_STATE_ABORTED = 4;
    public static final int LAST_IMAGE_STATE = IMAGE_STATE_ABORTED;

    // OtaPalImageState_t
    public static final int PAL_IMAGE_STATE_UNKNOWN = 0;
    public static final int PAL_IMAGE_STATE_PENDING_COMMIT = 1;
    public static final int PAL_IMAGE_STATE_VALID = 2;
    public static final int PAL_IMAGE_STATE_INVALID = 3;

    /** The largest image the update slot holds. */
    public static final int MAX_FILE_SIZE = 1024 * 1024;

    /** The update slot's state, as kept in flash. */
    public enum Slot { EMPTY, RECEIVING, VERIFIED, INVALID, TESTING, ACCEPTED, REJECTED, ABORTED }

    /** {@code OtaFileContext_t}: what the OTA agent hands the PAL. */
    public static final class FileContext {
        public String filePath;
        public long fileSize;
        public String certFilePath;
        public byte[] signature;
        FileChannel file;
        Path resolved;

        /** {@code pFile != NULL}. */
        public boolean hasFile() {
            return file != null;
        }
    }

    private final Path fileSystem;
    private final Path stateFile;
    private final String signatureAlgorithm;
    private final boolean corruptSignatures;
    private Slot slot;

    /**
     * @param flash             the board's flash file; the PAL's file system and state live next to it
     * @param certType          {@code OTA_PAL_TEST_CERT_TYPE}
     * @param corruptSignatures the board's {@code --bad-ota-signature}: a bit of every signature is flipped
     *                          before it is checked, so no signature verifies
     */
    public OtaPal(Path flash, int certType, boolean corruptSignatures) {
        Path dir = flash.toAbsolutePath().getParent();
        String name = flash.getFileName().toString();
        this.fileSystem = dir.resolve(name + ".fs");
        this.stateFile = dir.resolve(name + ".ota-state");
        this.signatureAlgorithm = algorithm(certType);
        this.corruptSignatures = corruptSignatures;
        this.slot = readSlot();
    }

    /** The JCA signature algorithm of an {@code OTA_PAL_TEST_CERT_TYPE}. */
    public static String algorithm(int certType) {
        return switch (certType) {
            case 1 -> "SHA1withRSA";
            case 2 -> "SHA256withRSA";
            case 3 -> "SHA256withECDSA";
            default -> throw new IllegalArgumentException("OTA_PAL_TEST_CERT_TYPE must be 1 (RSA-SHA1), 2 (RSA-SHA256)"
                    + " or 3 (ECDSA-SHA256): " + certType);
        };
    }

    /** The folder that stands for the board's file system. */
    public Path fileSystem() {
        return fileSystem;
    }

    /** The update slot's state (as kept in flash). */
    public Slot slot() {
        return slot;
    }

    /** Writes a file into the board's file system (provisioning, e.g. the code-signing certificate). */
    public void provision(String path, byte[] content) throws IOException {
        Path p = resolve(path);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }

    /** {@code otaPal_CreateFileForRx}. */
    public int createFileForRx(FileContext f) {
        if (f == null) {
            return NULL_FILE_CONTEXT;
        }
        if (f.fileSize > MAX_FILE_SIZE) {
            return RX_FILE_TOO_LARGE;
        }
        try {
            Path p = resolve(f.filePath);
            Files.createDirectories(p.getParent());
            f.file = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING);
            f.resolved = p;
            setSlot(Slot.RECEIVING);
            return SUCCESS;
        } catch (IOException | IllegalArgumentException e) {
            f.file = null;
            return RX_FILE_CREATE_FAILED;
        }
    }

    /** {@code otaPal_WriteBlock}: the number of bytes written, or -1. */
    public int writeBlock(FileContext f, long offset, byte[] data, int length) {
        if (f == null || f.file == null || data == null || length < 0 || offset < 0
                || offset + length > Math.max(f.fileSize, 0)) {
            return -1;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(data, 0, length);
            long at = offset;
            while (b.hasRemaining()) {
                at += f.file.write(b, at);
            }
            return length;
        } catch (IOException e) {
            return -1;
        }
    }

    /** {@code otaPal_CloseFile}: closes the file, then checks the image's signature. */
    public int closeFile(FileContext f) {
        if (f == null) {
            return NULL_FILE_CONTEXT;
        }
        if (f.file == null) {
            return FILE_CLOSE;
        }
        byte[] image;
        try {
            f.file.force(true);
            f.file.close();
            image = Files.readAllBytes(f.resolved);
        } catch (IOException e) {
            f.file = null;
            setSlot(Slot.INVALID);
            return FILE_CLOSE;
        }
        f.file = null;
        int result = verify(f, image);
        setSlot(result == SUCCESS ? Slot.VERIFIED : Slot.INVALID);
        return result;
    }

    private int verify(FileContext f, byte[] image) {
        X509Certificate signer;
        try (InputStream in = Files.newInputStream(resolve(f.certFilePath))) {
            signer = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(in.readAllBytes()));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            return BAD_SIGNER_CERT;
        }
        if (f.signature == null || f.signature.length == 0) {
            return SIGNATURE_CHECK_FAILED;
        }
        byte[] sig = f.signature.clone();
        if (corruptSignatures) {
            sig[sig.length / 2] ^= 0x01;
        }
        try {
            Signature v = Signature.getInstance(signatureAlgorithm);
            v.initVerify(signer.getPublicKey());
            v.update(image);
            return v.verify(sig) ? SUCCESS : SIGNATURE_CHECK_FAILED;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return e instanceof java.security.InvalidKeyException ? BAD_SIGNER_CERT : SIGNATURE_CHECK_FAILED;
        }
    }

    /** {@code otaPal_Abort}: closes and deletes an open receive file; success when there is none. */
    public int abort(FileContext f) {
        if (f == null) {
            return NULL_FILE_CONTEXT;
        }
        if (f.file == null) {
            return SUCCESS;
        }
        try {
            f.file.close();
            Files.deleteIfExists(f.resolved);
        } catch (IOException e) {
            f.file = null;
            return ABORT_FAILED;
        }
        f.file = null;
        setSlot(Slot.ABORTED);
        return SUCCESS;
    }

    /** {@code otaPal_SetPlatformImageState}. */
    public int setPlatformImageState(FileContext f, int state) {
        switch (state) {
            case IMAGE_STATE_TESTING -> {
                if (slot != Slot.VERIFIED) {
                    return BAD_IMAGE_STATE;
                }
                setSlot(Slot.TESTING);
                return SUCCESS;
            }
            case IMAGE_STATE_ACCEPTED -> {
                if (slot != Slot.TESTING) {
                    return COMMIT_FAILED; // only an image in self test (pending commit) can be accepted
                }
                setSlot(Slot.ACCEPTED);
                return SUCCESS;
            }
            case IMAGE_STATE_REJECTED -> {
                if (f != null && f.file != null && abort(f) != SUCCESS) {
                    return REJECT_FAILED;
                }
                setSlot(Slot.REJECTED);
                return SUCCESS;
            }
            case IMAGE_STATE_ABORTED -> {
                if (f != null && f.file != null && abort(f) != SUCCESS) {
                    return ABORT_FAILED;
                }
                setSlot(Slot.ABORTED);
                return SUCCESS;
            }
            default -> {
                return BAD_IMAGE_STATE; // OtaImageStateUnknown or out of range
            }
        }
    }

    /** {@code otaPal_GetPlatformImageState}. */
    public int getPlatformImageState(FileContext f) {
        return switch (slot) {
            case TESTING -> PAL_IMAGE_STATE_PENDING_COMMIT;
            case ACCEPTED -> PAL_IMAGE_STATE_VALID;
            case INVALID, REJECTED, ABORTED -> PAL_IMAGE_STATE_INVALID;
            default -> PAL_IMAGE_STATE_UNKNOWN;
        };
    }

    /** A path of the OTA agent, inside the board's file system ({@code /a/b} is {@code <fs>/a/b}). */
    Path resolve(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("empty path");
        }
        Path p = fileSystem.resolve(path.replaceFirst("^/+", "")).normalize();
        if (!p.startsWith(fileSystem) || p.equals(fileSystem)) {
            throw new IllegalArgumentException("path outside the file system: " + path);
        }
        return p;
    }

    private Slot readSlot() {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(stateFile)) {
            p.load(in);
            return Slot.valueOf(p.getProperty("slot", "EMPTY"));
        } catch (NoSuchFileException e) {
            return Slot.EMPTY;
        } catch (IOException | IllegalArgumentException e) {
            return Slot.EMPTY; // an unreadable state is an erased one
        }
    }

    private void setSlot(Slot s) {
        slot = s;
        Properties p = new Properties();
        p.setProperty("slot", s.name());
        Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "virtual board OTA update slot");
            }
            try {
                Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the OTA state to " + stateFile, e);
        }
    }
}
