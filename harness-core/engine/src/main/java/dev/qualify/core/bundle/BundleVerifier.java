package dev.qualify.core.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a signed run directory: the manifest's signature holds (and, given certificates, was made by one of their
 * keys or a certificate they issued), every listed file is present and unchanged, no file was added, and the IDT
 * report's own {@code <signature>} holds and is the same signer's.
 */
public final class BundleVerifier {
    /**
     * @param problems one line per problem ({@code changed: PATH}, {@code added: PATH}, {@code removed: PATH},
     *                 {@code signature: ...}, {@code signer: ...}); empty when the bundle verifies
     * @param signer   the manifest's signer when its signature holds
     * @param files    how many files the manifest lists
     */
    public record Verification(List<String> problems, Optional<X509Certificate> signer, int files) {
        public Verification {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private BundleVerifier() {
    }

    /**
     * @param runDir  the run directory, or a link to it ({@code results/latest})
     * @param trusted certificates the signer must be or chain to; empty to check integrity only
     * @throws BundleException when {@code runDir} is not a directory, is not a run (neither journal nor manifest), or
     *                         has no manifest
     */
    public static Verification verify(Path runDir, List<X509Certificate> trusted) throws IOException {
        if (!Files.isDirectory(runDir)) throw new BundleException(runDir + ": not a directory; give a run directory (results/<run-id>)");
        runDir = runDir.toRealPath(); // results/latest is a link
        Path manifestFile = runDir.resolve(Manifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile) && !Files.isRegularFile(runDir.resolve(Manifest.JOURNAL_FILE_NAME))) {
            throw new BundleException(runDir + " is not a run directory: it has no " + Manifest.JOURNAL_FILE_NAME + " and no "
                    + Manifest.FILE_NAME + "; give the run directory (results/<run-id>)");
        }
        if (!Files.isRegularFile(manifestFile)) {
            throw new BundleException(runDir + ": no " + Manifest.FILE_NAME + ", so the run was never signed; sign it with"
                    + " qualify report sign " + runDir + " --key KEY.pem (or run with --sign-key)");
        }
        byte[] text = Files.readAllBytes(manifestFile);
        List<String> problems = new ArrayList<>();
        Optional<X509Certificate> signer = checkSignature(runDir, text, trusted, problems);
        int listed = 0;
        try {
            Manifest claimed = Manifest.parse(text);
            listed = claimed.files().size();
            compare(claimed, Manifest.of(runDir), problems);
        } catch (IllegalArgumentException e) {
            problems.add("manifest: " + e.getMessage());
        }
        checkIdtReport(runDir, signer, problems);
        return new Verification(problems, problems.isEmpty() ? signer : Optional.empty(), listed);
    }

    private static Optional<X509Certificate> checkSignature(Path runDir, byte[] text, List<X509Certificate> trusted, List<String> problems)
            throws IOException {
        Path sigFile = runDir.resolve(Manifest.SIGNATURE_FILE_NAME);
        if (!Files.isRegularFile(sigFile)) {
            problems.add("removed: " + Manifest.SIGNATURE_FILE_NAME + " (the signature of " + Manifest.FILE_NAME + ")");
            return Optional.empty();
        }
        try {
            Cms.Verified v = Cms.verify(text, Cms.der(Files.readAllBytes(sigFile)));
            if (!trusted.isEmpty()) SignerTrust.check(v, trusted).ifPresent(problems::add);
            return Optional.of(v.signer());
        } catch (Cms.Invalid e) {
            problems.add("signature: " + Manifest.SIGNATURE_FILE_NAME + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static void compare(Manifest claimed, Manifest now, List<String> problems) {
        for (Map.Entry<String, String> e : claimed.files().entrySet()) {
            String hash = now.files().get(e.getKey());
            if (hash == null) problems.add("removed: " + e.getKey());
            else if (!hash.equals(e.getValue())) problems.add("changed: " + e.getKey());
        }
        for (String path : now.files().keySet()) {
            if (!claimed.files().containsKey(path)) problems.add("added: " + path);
        }
    }

    private static void checkIdtReport(Path runDir, Optional<X509Certificate> signer, List<String> problems) throws IOException {
        Path idt = runDir.resolve(ApnSignature.FILE_NAME);
        if (!Files.isRegularFile(idt)) return;
        Optional<ApnSignature.Parts> parts = ApnSignature.parts(Files.readAllBytes(idt));
        if (parts.isEmpty()) return;
        try {
            Cms.Verified v = Cms.verify(parts.get().unsigned(), parts.get().signature());
            if (signer.isPresent() && !Arrays.equals(signer.get().getEncoded(), v.signer().getEncoded())) {
                problems.add("signature: " + ApnSignature.FILE_NAME + ": signed by " + Certificates.describe(v.signer())
                        + ", not by the manifest's signer");
            }
        } catch (Cms.Invalid e) {
            problems.add("signature: " + ApnSignature.FILE_NAME + " <signature>: " + e.getMessage());
        } catch (java.security.cert.CertificateEncodingException e) {
            problems.add("signature: " + ApnSignature.FILE_NAME + ": unreadable signer certificate");
        }
    }
}
