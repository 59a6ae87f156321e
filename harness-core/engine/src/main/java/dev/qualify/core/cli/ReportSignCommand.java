package dev.qualify.core.cli;

import dev.qualify.api.report.ExitCodes;
import dev.qualify.core.bundle.BundleException;
import dev.qualify.core.bundle.BundleSigner;
import dev.qualify.core.bundle.SigningKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code qualify report sign RUN_DIR --key KEY.pem [--cert CERT.pem] [--passphrase-env VAR]}. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a run directory: MANIFEST.sha256 lists every file with its SHA-256 (sha256sum -c checks it),"
                + " MANIFEST.sha256.p7s is its detached CMS signature (openssl cms -verify checks it), and"
                + " awsiotdevicetester_report.xml gets its <signature>. Signing again replaces them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:signed", "2:the key, passphrase, certificate or directory cannot be used"})
final class ReportSignCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory (results/<run-id>).")
    Path runDir;

    @Option(names = "--key", required = true, paramLabel = "KEY.pem",
            description = "PEM private key: Ed25519, ECDSA P-256 or RSA; PKCS #8 (encrypted or not) or OpenSSL's EC/RSA PRIVATE KEY.")
    Path key;

    @Option(names = "--cert", paramLabel = "CERT.pem", description = "The key's certificate (then any intermediates)."
            + " Default: a self-signed certificate made from the key.")
    Path cert;

    @Option(names = "--passphrase-env", paramLabel = "VAR", description = "The environment variable holding the key's passphrase.")
    String passphraseEnv;

    @Override
    public Integer call() throws Exception {
        try {
            var id = SigningKeys.load(key, cert, passphraseEnv, System.getenv(), SigningKeys.OptionNames.REPORT_SIGN);
            SigningOptions.printSigned(BundleSigner.sign(runDir, id), spec.commandLine().getOut());
            return ExitCodes.PASSED;
        } catch (BundleException e) {
            spec.commandLine().getErr().println("qualify: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            spec.commandLine().getErr().println("qualify: cannot sign " + runDir + ": " + e + "; nothing is signed until every file can be read");
            return ExitCodes.USAGE;
        }
    }
}
