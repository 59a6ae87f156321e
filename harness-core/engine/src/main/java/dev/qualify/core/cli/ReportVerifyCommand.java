package dev.qualify.core.cli;

import dev.qualify.api.report.ExitCodes;
import dev.qualify.core.bundle.BundleException;
import dev.qualify.core.bundle.BundleVerifier;
import dev.qualify.core.bundle.Certificates;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code qualify report verify RUN_DIR [--cert CERT.pem]}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a signed run directory: every file of MANIFEST.sha256 present and unchanged, no file added,"
                + " the signature holds, and with --cert, the signer is that certificate's key or was issued by it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the bundle is intact and its signature holds", "1:a file was changed, added or removed, or the signature"
                + " does not hold or is not by --cert", "2:not a signed run directory, or --cert cannot be read"})
final class ReportVerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory (results/<run-id>).")
    Path runDir;

    @Option(names = "--cert", paramLabel = "CERT.pem", description = "The vendor's certificate (or the CA that issued it)"
            + " the signer must match. Without it only integrity is checked.")
    Path cert;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BundleVerifier.Verification v;
        try {
            List<X509Certificate> trusted = cert == null ? List.of() : Certificates.read(cert);
            v = BundleVerifier.verify(runDir, trusted);
        } catch (BundleException e) {
            err.println("qualify: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("qualify: cannot read " + runDir + ": " + e);
            return ExitCodes.USAGE;
        }
        if (!v.ok()) {
            v.problems().forEach(out::println);
            out.flush();
            err.println("qualify: " + runDir + " does NOT verify: " + v.problems().size() + (v.problems().size() == 1 ? " problem" : " problems"));
            return ExitCodes.TEST_FAILED;
        }
        X509Certificate signer = v.signer().orElseThrow();
        out.println("Verified: " + runDir + ": " + v.files() + " files unchanged, signature holds"
                + (cert == null ? " (integrity only: give --cert to check who signed)" : ", signer matches " + cert));
        out.println("Signer: " + signer.getSubjectX500Principal().getName());
        out.println("SHA-256 fingerprint: " + Certificates.fingerprint(signer));
        return ExitCodes.PASSED;
    }
}
