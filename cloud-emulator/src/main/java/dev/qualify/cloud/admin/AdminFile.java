package dev.qualify.cloud.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.cloud.ca.SecretFiles;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code DATA_DIR/admin.json}: where the running cloud's admin endpoint listens and the token it requires, written
 * readable by the owner only, so only whoever may read the data dir's keys may drive the cloud. Removed when the
 * cloud stops; one left by a cloud that died is recognised by a refused connection.
 *
 * @param url   {@code http://127.0.0.1:PORT}
 * @param token the bearer token
 * @param pid   the cloud's process id (for messages)
 */
public record AdminFile(URI url, String token, long pid) {
    public static final String FILE = "admin.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Path path(Path dataDir) {
        return dataDir.resolve(FILE);
    }

    void write(Path dataDir) throws IOException {
        SecretFiles.writeOwnerOnly(path(dataDir), JSON.createObjectNode().put("url", url.toString()).put("token", token)
                .put("pid", pid).toString());
    }

    /** The file of a data dir, or empty when there is none. */
    public static Optional<AdminFile> read(Path dataDir) throws IOException {
        Path p = path(dataDir);
        if (!Files.exists(p)) return Optional.empty();
        JsonNode n = JSON.readTree(p.toFile());
        if (n == null || !n.hasNonNull("url") || !n.hasNonNull("token")) throw new IOException(p + " is not an admin file (no url or token)");
        return Optional.of(new AdminFile(URI.create(n.get("url").asText()), n.get("token").asText(), n.path("pid").asLong()));
    }

    /** Removes the file when it is still this one (a newer cloud on the same data dir may have replaced it). */
    void removeIfOurs(Path dataDir) {
        try {
            Optional<AdminFile> now = read(dataDir);
            if (now.isPresent() && now.get().token().equals(token)) Files.deleteIfExists(path(dataDir));
        } catch (IOException e) {
            // best effort: a stale file is recognised by a refused connection
        }
    }
}
