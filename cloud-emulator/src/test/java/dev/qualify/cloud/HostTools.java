package dev.qualify.cloud;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Host tools for integration tests: missing ones FAIL when CI=true, and skip with a message otherwise. */
public final class HostTools {
    private HostTools() {
    }

    public static void require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (new File(dir, tool).canExecute()) return;
        }
        for (String dir : List.of("/usr/sbin", "/usr/bin")) {
            if (new File(dir, tool).canExecute()) return;
        }
        String msg = tool + " is not installed: apt-get install -y --no-install-recommends " + debianPackage;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg + " (CI=true: missing tools fail the build)");
        Assumptions.abort(msg);
    }

    /** The result of a finished process. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command to completion (killed after the timeout) and returns its output. */
    public static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = start(command);
        return finish(p, timeoutSeconds);
    }

    public static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(new ArrayList<>(command)).start();
    }

    public static Result finish(Process p, long timeoutSeconds) throws InterruptedException, IOException {
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** mosquitto_pub / mosquitto_sub arguments for mutual TLS with files written by {@link TestTls#writeFiles}. */
    public static List<String> tlsArgs(Path certDir, int port) {
        return List.of("-h", "localhost", "-p", String.valueOf(port), "--cafile", certDir.resolve("root-ca.pem").toString(),
                "--cert", certDir.resolve("certificate.pem.crt").toString(), "--key", certDir.resolve("private.pem.key").toString());
    }
}
