package dev.qualify.core.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Signs a run directory, in this order so that every file, the signed IDT report included, is covered:
 * <ol>
 * <li>{@code awsiotdevicetester_report.xml}, when there is one, gets its {@code <signature>} (see
 * {@link ApnSignature});</li>
 * <li>{@code MANIFEST.sha256} lists every file with its SHA-256 ({@link Manifest});</li>
 * <li>{@code MANIFEST.sha256.p7s} is a detached CMS signature of the manifest, PEM, with the signer's
 * certificates inside.</li>
 * </ol>
 * Signing again replaces all three.
 */
public final class BundleSigner {
    /** What was signed. */
    public record Signed(Path manifest, Path signature, int files, boolean idtReportSigned, SigningIdentity signer) {
    }

    private BundleSigner() {
    }

    /**
     * @param runDir the run directory, or a link to it ({@code results/latest})
     * @throws BundleException when {@code runDir} is not a directory, is not a run (it has no
     *                         {@value Manifest#JOURNAL_FILE_NAME}), or the IDT report cannot be signed
     * @throws IOException     when a file cannot be read or written
     */
    public static Signed sign(Path runDir, SigningIdentity id) throws IOException {
        if (!Files.isDirectory(runDir)) throw new BundleException(runDir + ": not a directory; give the run directory (results/<run-id>)");
        runDir = runDir.toRealPath(); // results/latest is a link
        if (!Files.isRegularFile(runDir.resolve(Manifest.JOURNAL_FILE_NAME))) {
            throw new BundleException(runDir + " is not a run directory: it has no " + Manifest.JOURNAL_FILE_NAME
                    + "; give the run directory (results/<run-id>), nothing was signed");
        }
        Path idt = runDir.resolve(ApnSignature.FILE_NAME);
        boolean idtSigned = Files.isRegularFile(idt);
        if (idtSigned) write(idt, ApnSignature.sign(Files.readAllBytes(idt), id));
        Manifest m = Manifest.of(runDir);
        byte[] text = m.bytes();
        Path manifest = runDir.resolve(Manifest.FILE_NAME);
        Path signature = runDir.resolve(Manifest.SIGNATURE_FILE_NAME);
        write(manifest, text);
        write(signature, Cms.pem(Cms.sign(text, id)).getBytes(StandardCharsets.US_ASCII));
        return new Signed(manifest, signature, m.files().size(), idtSigned, id);
    }

    /** Replaces {@code target} with {@code bytes} so that no reader sees half of it. */
    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
