package dev.qualify.cloud.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Calls the admin endpoint of the cloud running on a data dir (see {@link AdminServer}). */
public final class AdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AdminFile file;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A failed call: the cloud's answer (status and message) or why it could not be reached. */
    public static final class AdminException extends Exception {
        private final int status;

        AdminException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or 0 when the cloud could not be reached. */
        public int status() {
            return status;
        }
    }

    private AdminClient(AdminFile file) {
        this.file = file;
    }

    /**
     * The client of the cloud running on this data dir, or empty when none runs there (no admin file, or one left
     * by a cloud that is gone).
     *
     * @throws IOException when the admin file cannot be read
     */
    public static Optional<AdminClient> of(Path dataDir) throws IOException {
        Optional<AdminFile> f = AdminFile.read(dataDir);
        if (f.isEmpty()) return Optional.empty();
        AdminClient c = new AdminClient(f.get());
        try {
            c.call("registry/refresh", JSON.createObjectNode());
            return Optional.of(c);
        } catch (AdminException e) {
            if (e.status() == 0) return Optional.empty();
            throw new IOException("the cloud at " + f.get().url() + " refused the admin token in " + AdminFile.path(dataDir)
                    + ": " + e.getMessage());
        }
    }

    /** The running cloud's process id. */
    public long pid() {
        return file.pid();
    }

    /**
     * Calls {@code POST /v1/OPERATION} with a JSON body.
     *
     * @throws AdminException on a reply other than 200 (its message) or when the cloud cannot be reached (status 0)
     */
    public JsonNode call(String operation, JsonNode body) throws AdminException {
        HttpRequest req = HttpRequest.newBuilder(file.url().resolve("/v1/" + operation))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + file.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> res;
        try {
            res = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new AdminException(0, "no cloud answers at " + file.url());
        } catch (IOException e) {
            throw new AdminException(0, "the cloud at " + file.url() + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(0, "interrupted");
        }
        JsonNode n;
        try {
            n = JSON.readTree(res.body());
        } catch (IOException e) {
            throw new AdminException(res.statusCode(), "not JSON from the cloud: " + res.body());
        }
        if (res.statusCode() != 200) {
            throw new AdminException(res.statusCode(), n != null && n.hasNonNull("message") ? n.get("message").asText() : res.body());
        }
        return n;
    }
}
