package dev.qualify.distribution;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.fail;

/** The stock Mosquitto clients (Debian mosquitto-clients) with a thing's files from {@code qualify cloud thing create}. */
final class Mosquitto {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private final Path certs;
    private final int port;
    private final Path work;

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** A started tool and the directory of its output files. */
    record Running(Process process, Path dir) {
        /** Waits for the end (killing it after {@code seconds}) and returns its exit code and output. */
        Result finish(long seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            return new Result(process.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                    Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
        }
    }

    Mosquitto(Path certs, int port, Path work) {
        this.certs = certs;
        this.port = port;
        this.work = work;
    }

    /** mosquitto_pub and mosquitto_sub on the PATH, else a failure under CI=true and a skip otherwise. */
    static void require() {
        for (String tool : List.of("mosquitto_pub", "mosquitto_sub")) {
            boolean found = false;
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
                found |= new File(d, tool).canExecute();
            }
            if (found) continue;
            String msg = tool + " is not installed: apt-get install -y --no-install-recommends mosquitto-clients";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg + " (CI=true: missing tools fail the build)");
            Assumptions.abort(msg);
        }
    }

    /** Starts a tool with mutual TLS to the cloud as {@code clientId}, its output in files of its own. */
    Running start(String tool, String clientId, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool, "-h", "localhost", "-p", String.valueOf(port),
                "--cafile", certs.resolve("root-ca.pem").toString(), "--cert", certs.resolve("certificate.pem.crt").toString(),
                "--key", certs.resolve("private.pem.key").toString(), "-i", clientId));
        cmd.addAll(List.of(args));
        Path d = Files.createDirectories(work.resolve("mosquitto-" + RUNS.incrementAndGet()));
        return new Running(new ProcessBuilder(cmd).redirectOutput(d.resolve("stdout.txt").toFile())
                .redirectError(d.resolve("stderr.txt").toFile()).start(), d);
    }

    /** Publishes one message and waits for mosquitto_pub to end (killed after 60 s). */
    Result pub(String clientId, String topic, String message, int qos) throws Exception {
        return start("mosquitto_pub", clientId, "-t", topic, "-m", message, "-q", String.valueOf(qos)).finish(60);
    }

    /** mosquitto_sub printing "topic payload" lines, ending after {@code count} messages. */
    Running subscribe(String clientId, List<String> topics, int count, String... extra) throws Exception {
        List<String> a = new ArrayList<>(List.of("-v", "-C", String.valueOf(count)));
        for (String t : topics) a.addAll(List.of("-t", t));
        a.addAll(List.of(extra));
        return start("mosquitto_sub", clientId, a.toArray(String[]::new));
    }

}
