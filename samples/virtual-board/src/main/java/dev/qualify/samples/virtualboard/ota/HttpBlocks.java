package dev.qualify.samples.virtualboard.ota;

import dev.qualify.samples.virtualboard.transport.TlsTransport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The OTA library's HTTP data plane ({@code ota_http.c}) on the JDK's HTTP client: one {@code GET} with
 * {@code Range: bytes=<first>-<last>} per block against the job's pre-signed URL, over TLS trusting
 * {@code IOT_CORE_ROOT_CA}. A 206 carries the block; a 403 means the URL expired (or is not valid): the agent asks
 * for the job document again, which carries a fresh one.
 */
final class HttpBlocks {
    /** What a range request gave. */
    record Reply(int status, byte[] body) {
    }

    private final HttpClient client;

    /** @throws GeneralSecurityException {@code IOT_CORE_ROOT_CA} cannot be used */
    HttpBlocks(String rootCaPem) throws GeneralSecurityException {
        List<X509Certificate> roots = TlsTransport.certificates("IOT_CORE_ROOT_CA", rootCaPem);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < roots.size(); i++) trust.setCertificateEntry("root-" + i, roots.get(i));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (IOException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    /** {@code GET url} for bytes {@code from..to} (inclusive). */
    Reply get(String url, long from, long to) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Range", "bytes=" + from + "-" + to).GET().build();
        HttpResponse<byte[]> res = client.send(r, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(res.statusCode(), res.body());
    }
}
