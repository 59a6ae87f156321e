package dev.qualify.cloud.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.qualify.cloud.EmulatedCloud;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin endpoint of a standalone cloud: HTTP on 127.0.0.1 (an ephemeral port) that the {@code qualify cloud}
 * commands use to change the running cloud at once and know it was done when they return (faults, shadows, jobs, a
 * registry reload). Every request needs {@code Authorization: Bearer TOKEN}, a random 256-bit token kept in the
 * owner-only {@link AdminFile}; any other request gets 401. {@link AdminApi} handles the operations.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final AdminFile file;
    private final Path dataDir;
    private final byte[] token;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private AdminServer(HttpServer server, ExecutorService executor, AdminFile file, Path dataDir) {
        this.server = server;
        this.executor = executor;
        this.file = file;
        this.dataDir = dataDir;
        this.token = file.token().getBytes(StandardCharsets.UTF_8);
    }

    /** Starts the endpoint for a cloud and writes {@code dataDir/admin.json}. */
    public static AdminServer start(EmulatedCloud cloud, Path dataDir) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            ExecutorService ex = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "qualify-cloud-admin");
                t.setDaemon(true);
                return t;
            });
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            AdminFile f = new AdminFile(URI.create("http://127.0.0.1:" + http.getAddress().getPort()), HexFormat.of().formatHex(secret),
                    ProcessHandle.current().pid());
            AdminServer s = new AdminServer(http, ex, f, dataDir);
            AdminApi api = new AdminApi(cloud);
            http.createContext("/", x -> s.handle(x, api));
            http.setExecutor(ex);
            http.start();
            f.write(dataDir);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the admin endpoint", e);
        }
    }

    /** Where it listens. */
    public URI url() {
        return file.url();
    }

    private void handle(HttpExchange x, AdminApi api) throws IOException {
        try (x) {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            byte[] given = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
            if (!MessageDigest.isEqual(given, token)) {
                reply(x, 401, error("a valid bearer token is required (see admin.json in the data dir)"));
                return;
            }
            byte[] body = x.getRequestBody().readAllBytes();
            AdminApi.Response r;
            try {
                r = api.handle(x.getRequestMethod(), x.getRequestURI(), body);
            } catch (IllegalArgumentException e) {
                r = new AdminApi.Response(400, error(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("admin request {} {} failed", x.getRequestMethod(), x.getRequestURI().getPath(), e);
                r = new AdminApi.Response(500, error(e.toString()));
            }
            reply(x, r.status(), r.body());
        }
    }

    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("message", message);
    }

    private static void reply(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] b = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        file.removeIfOurs(dataDir);
        server.stop(0);
        executor.shutdownNow();
    }
}
