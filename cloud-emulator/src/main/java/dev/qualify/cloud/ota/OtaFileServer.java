package dev.qualify.cloud.ota;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.qualify.cloud.ca.IssuedCertificate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP delivery of OTA files, as S3 pre-signed URLs give it: an HTTPS server on 127.0.0.1 whose certificate the
 * cloud's CA issued, serving {@code GET /ota/<jobId>?X-Amz-Date=<epoch s>&X-Amz-Expires=<s>&X-Amz-Signature=<hex>}.
 * The signature is an HMAC-SHA256 (a key made at start) over the path, date and lifetime; a URL whose signature
 * does not match is refused with 403 {@code SignatureDoesNotMatch}, one past its lifetime with 403
 * {@code AccessDenied} "Request has expired", as S3 does. {@code Range: bytes=a-b} (what the OTA library's
 * {@code ota_http.c} sends for each block) is answered 206 with {@code Content-Range}; no range, 200 and the file.
 */
public final class OtaFileServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private record Hosted(byte[] file, Duration lifetime, Duration delay, int dropAfterBlocks, String clientId) {
    }

    private final HttpsServer server;
    private final ExecutorService executor;
    private final byte[] key = new byte[32];
    private final Map<String, Hosted> files = new ConcurrentHashMap<>();
    private final Map<String, Integer> served = new ConcurrentHashMap<>();
    private final Map<String, Integer> expired = new ConcurrentHashMap<>();
    private final Consumer<String> disconnector;

    /**
     * Starts the server on a free loopback port.
     *
     * @param disconnector drops a device's MQTT connection, by client id (the disconnect fault of a download)
     */
    public OtaFileServer(IssuedCertificate certificate, Consumer<String> disconnector) {
        this.disconnector = disconnector;
        new SecureRandom().nextBytes(key);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = "ota-file-server".toCharArray();
            ks.setKeyEntry("server", certificate.privateKey(), pw, new Certificate[] {certificate.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the OTA file server's TLS: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OTA file server", e);
        }
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "qualify-cloud-ota-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/ota/", this::handle);
        server.start();
    }

    /**
     * Hosts a job's file; its URLs live {@code lifetime}; each range takes {@code delay} (a slow link). After
     * {@code dropAfterBlocks} ranges (0: never) the MQTT connection of {@code clientId} is dropped once.
     */
    public void host(String jobId, byte[] file, Duration lifetime, Duration delay, int dropAfterBlocks, String clientId) {
        files.put(jobId, new Hosted(file.clone(), lifetime, delay, dropAfterBlocks, clientId));
    }

    /** A pre-signed URL for the job's file, valid from now for the file's lifetime. */
    public String presign(String jobId) {
        Hosted h = files.get(jobId);
        long date = System.currentTimeMillis() / 1000;
        long expires = h == null ? 0 : Math.max(1, h.lifetime().toSeconds());
        String path = "/ota/" + jobId;
        return "https://127.0.0.1:" + port() + path + "?X-Amz-Date=" + date + "&X-Amz-Expires=" + expires
                + "&X-Amz-Signature=" + signature(path, date, expires);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Ranges served for the job so far. */
    public int blocksServed(String jobId) {
        return served.getOrDefault(jobId, 0);
    }

    /** Requests for the job refused because their URL had expired. */
    public int expiredRequests(String jobId) {
        return expired.getOrDefault(jobId, 0);
    }

    private String signature(String path, long date, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((path + "\n" + date + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is a required JCA algorithm", e);
        }
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            URI uri = x.getRequestURI();
            String path = uri.getPath();
            String jobId = path.substring("/ota/".length());
            Hosted h = files.get(jobId);
            Map<String, String> q = query(uri.getRawQuery());
            if (h == null || !x.getRequestMethod().equals("GET")) {
                error(x, 404, "NoSuchKey", "The specified key does not exist.");
                return;
            }
            long date;
            long expires;
            try {
                date = Long.parseLong(q.getOrDefault("X-Amz-Date", ""));
                expires = Long.parseLong(q.getOrDefault("X-Amz-Expires", ""));
            } catch (NumberFormatException e) {
                error(x, 403, "AccessDenied", "Query-string authentication requires X-Amz-Date and X-Amz-Expires.");
                return;
            }
            byte[] want = signature(path, date, expires).getBytes(StandardCharsets.US_ASCII);
            byte[] got = q.getOrDefault("X-Amz-Signature", "").getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(want, got)) {
                error(x, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
                return;
            }
            if (System.currentTimeMillis() / 1000 >= date + expires) {
                expired.merge(jobId, 1, Integer::sum);
                error(x, 403, "AccessDenied", "Request has expired");
                return;
            }
            serve(x, jobId, h);
        }
    }

    private void serve(HttpExchange x, String jobId, Hosted h) throws IOException {
        byte[] file = h.file();
        String range = x.getRequestHeaders().getFirst("Range");
        x.getResponseHeaders().set("Accept-Ranges", "bytes");
        if (range == null) {
            x.sendResponseHeaders(200, file.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(file);
            }
            return;
        }
        Matcher m = RANGE.matcher(range.strip());
        long from = m.matches() ? Long.parseLong(m.group(1)) : -1;
        long to = m.matches() && !m.group(2).isEmpty() ? Math.min(Long.parseLong(m.group(2)), file.length - 1L) : file.length - 1L;
        if (from < 0 || from >= file.length || to < from) {
            x.getResponseHeaders().set("Content-Range", "bytes */" + file.length);
            error(x, 416, "InvalidRange", "The requested range is not satisfiable");
            return;
        }
        int n = (int) (to - from + 1);
        if (!h.delay().isZero()) {
            try {
                Thread.sleep(h.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + file.length);
        x.sendResponseHeaders(206, n);
        try (OutputStream out = x.getResponseBody()) {
            out.write(file, (int) from, n);
        }
        int count = served.merge(jobId, 1, Integer::sum);
        if (h.dropAfterBlocks() > 0 && count == h.dropAfterBlocks()) disconnector.accept(h.clientId());
    }

    private static void error(HttpExchange x, int status, String code, String message) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/xml");
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) return q;
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) q.put(part.substring(0, eq), java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
