package dev.qualify.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.cloud.admin.AdminClient;
import dev.qualify.cloud.admin.OfflineAdmin;
import dev.qualify.cloud.registry.Registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the live commands share: the admin client of the cloud running on a data dir, and reading a JSON document
 * given as a file or {@code -} (standard input) with errors that name the file. Failures are {@link Failure}s carrying
 * the exit code and the message for standard error.
 */
final class LiveCloud {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveCloud() {
    }

    /** A command that cannot go on: exit with {@code code} after printing {@code message}. */
    static final class Failure extends Exception {
        final int code;

        Failure(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    /** The running cloud's admin client, or empty when no cloud runs on the data dir. */
    static Optional<AdminClient> find(Path dataDir) throws Failure {
        try {
            return AdminClient.of(dataDir);
        } catch (IOException e) {
            throw new Failure(3, e.getMessage());
        }
    }

    /** The running cloud's admin client; exit 3 when none runs on the data dir. */
    static AdminClient require(Path dataDir, String what) throws Failure {
        return find(dataDir).orElseThrow(() -> new Failure(3, "no cloud is running on " + dataDir.toAbsolutePath() + "; " + what
                + " needs one: qualify cloud start --data-dir " + dataDir));
    }

    /** Calls the running cloud; its refusal (a 4xx answer) is exit 2, an unreachable cloud exit 3. */
    static JsonNode call(AdminClient admin, String operation, JsonNode body) throws Failure {
        try {
            return admin.call(operation, body);
        } catch (AdminClient.AdminException e) {
            throw new Failure(e.status() >= 400 && e.status() < 500 ? 2 : 3, e.getMessage());
        }
    }

    /**
     * Calls the cloud running on the data dir, or, when none runs, does the same on the data dir's state (saying so
     * on {@code err}): see {@link OfflineAdmin}.
     */
    static JsonNode callOrOffline(Path dataDir, String operation, JsonNode body, PrintWriter err) throws Failure {
        Optional<AdminClient> admin = find(dataDir);
        if (admin.isPresent()) return call(admin.get(), operation, body);
        try {
            JsonNode r = OfflineAdmin.call(dataDir, operation, body);
            err.println("(no cloud is running on " + dataDir + ": done in its data dir; a cloud started on it serves it)");
            return r;
        } catch (AdminClient.AdminException e) {
            throw new Failure(2, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new Failure(3, e.getMessage() + ": " + e.getCause().getMessage());
        }
    }

    /** Exit 2 unless the thing is registered in the data dir. */
    static void requireThing(Path dataDir, String thing) throws Failure {
        if (Registry.open(dataDir).thing(thing).isEmpty()) {
            throw new Failure(2, "no thing " + thing + " in " + dataDir + " (qualify cloud thing list --data-dir " + dataDir + ")");
        }
    }

    /** The text of a file, or of standard input for {@code -}; exit 2 naming the file when it cannot be read. */
    static String text(String file) throws Failure {
        try {
            if (file.equals("-")) {
                InputStream in = System.in;
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Failure(2, file + ": cannot read it (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /** A JSON object read from a file (or {@code -}); exit 2 naming the file when it is not one. */
    static JsonNode jsonObject(String file) throws Failure {
        String text = text(file);
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Failure(2, file + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new Failure(2, file + ": the document must be a JSON object");
        return n;
    }

    /** Runs a command body, turning a {@link Failure} into its message on standard error and its exit code. */
    static int run(PrintWriter err, String command, Body body) {
        try {
            int code = body.run();
            err.flush();
            return code;
        } catch (Failure f) {
            err.println("qualify cloud " + command + ": " + f.getMessage());
            err.flush();
            return f.code;
        }
    }

    interface Body {
        int run() throws Failure;
    }
}
