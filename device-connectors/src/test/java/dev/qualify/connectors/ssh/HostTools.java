package dev.qualify.connectors.ssh;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Host tools the integration tests need (OpenSSH's sshd and ssh-keygen, sudo, root). When one is missing the test
 * is skipped on a developer machine but FAILS when {@code CI=true}: in CI a missing tool is an error.
 */
final class HostTools {
    static final Path SSHD = Path.of("/usr/sbin/sshd");

    private HostTools() {
    }

    static void require(boolean present, String what) {
        if (present) return;
        String msg = what + " is missing: apt-get install -y openssh-server sudo (ci/test does this)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(msg);
        Assumptions.abort(msg);
    }

    static void requireSshd() {
        require(Files.isExecutable(SSHD), "OpenSSH sshd (" + SSHD + ")");
        require(onPath("ssh-keygen"), "ssh-keygen");
        require("root".equals(System.getProperty("user.name")), "root (sshd must run as root for logins)");
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    /** Runs a local command, failing with its output when it exits non-zero; returns stdout. */
    static String run(List<String> argv, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(argv + " failed: " + out);
        return out;
    }

    /** Creates a fresh key with ssh-keygen; {@code format} is null (OpenSSH) or {@code PEM}. */
    static Path sshKeygen(Path file, String type, String passphrase, String format) throws IOException, InterruptedException {
        List<String> argv = new java.util.ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase == null ? "" : passphrase,
                "-C", "qualify-it", "-f", file.toString()));
        if (type.equals("rsa")) argv.addAll(List.of("-b", "2048"));
        if (format != null) argv.addAll(List.of("-m", format));
        run(argv, null);
        return file;
    }
}
