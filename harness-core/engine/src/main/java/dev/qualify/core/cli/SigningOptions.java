package dev.qualify.core.cli;

import dev.qualify.api.report.ExitCodes;
import dev.qualify.core.bundle.BundleException;
import dev.qualify.core.bundle.BundleSigner;
import dev.qualify.core.bundle.Certificates;
import dev.qualify.core.bundle.SigningIdentity;
import dev.qualify.core.bundle.SigningKeys;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code qualify run --sign-key KEY.pem [--sign-cert CERT.pem] [--sign-passphrase-env VAR]}: the run directory is
 * signed once its reports are written, also after a failure or an interruption. The key is read before the run
 * starts, so a bad key, a wrong passphrase or a certificate of another key exits 2 before any device is touched.
 */
final class SigningOptions {
    @Option(names = "--sign-key", paramLabel = "KEY.pem", description = "Sign the run directory with this PEM private key"
            + " (Ed25519, ECDSA P-256 or RSA): MANIFEST.sha256 and its CMS signature MANIFEST.sha256.p7s.")
    Path key;

    @Option(names = "--sign-cert", paramLabel = "CERT.pem", description = "The key's certificate (then any intermediates)."
            + " Default: a self-signed certificate made from the key.")
    Path cert;

    @Option(names = "--sign-passphrase-env", paramLabel = "VAR", description = "The environment variable holding the"
            + " passphrase of an encrypted --sign-key.")
    String passphraseEnv;

    private volatile boolean failed;

    /**
     * @return the signing identity, or empty without {@code --sign-key}
     * @throws UsageException when the key or certificate cannot be used (exit 2)
     */
    Optional<SigningIdentity> load() {
        if (key == null) {
            if (cert != null || passphraseEnv != null) throw new UsageException("--sign-cert and --sign-passphrase-env need --sign-key");
            return Optional.empty();
        }
        try {
            return Optional.of(SigningKeys.load(key, cert, passphraseEnv, System.getenv(), SigningKeys.OptionNames.RUN));
        } catch (BundleException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The step the engine runs after writing the reports: signs the run directory and says so. */
    Consumer<Path> step(SigningIdentity id, PrintWriter out, PrintWriter err) {
        return runDir -> {
            try {
                printSigned(BundleSigner.sign(runDir, id), out);
            } catch (IOException | RuntimeException e) {
                failed = true;
                err.println("qualify: the run directory " + runDir + " is NOT signed: " + e.getMessage());
                err.flush();
            }
        };
    }

    /** The run's exit code, or 4 for a run that passed but could not be signed. */
    int exitCode(int runExit) {
        return failed && runExit == ExitCodes.PASSED ? ExitCodes.INTERNAL : runExit;
    }

    static void printSigned(BundleSigner.Signed s, PrintWriter out) {
        out.println("Signed: " + s.manifest() + " (" + s.files() + " files) and " + s.signature().getFileName()
                + (s.idtReportSigned() ? "; awsiotdevicetester_report.xml carries the <signature>" : ""));
        out.println("Signer: " + Certificates.describe(s.signer().certificate()));
        if (s.signer().selfSigned()) {
            out.println("No certificate given: signed with a self-signed certificate made from " + s.signer().keyFile()
                    + ". It shows the bundle is unchanged, not who signed it; give the key's certificate for that.");
        }
        if (s.signer().algorithm().equals("Ed25519")) {
            out.println("Ed25519: qualify report verify checks it; OpenSSL 3.0 cannot verify Ed25519 CMS signatures (use a P-256 key"
                    + " for customers on OpenSSL 3.0; see docs/reports.md).");
        }
        out.flush();
    }
}
