package dev.qualify.cloud.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.TestTls;
import dev.qualify.cloud.ca.Pem;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Control-plane requests the SDK would not send: unsigned, for an unknown operation, or with a client certificate. */
final class RawHttps {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    record Response(int status, java.net.http.HttpHeaders headers, String body) {
        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(body);
        }
    }

    private RawHttps() {
    }

    static Response unsigned(EmulatedCloud cloud, ControlPlane cp, String method, String path) throws Exception {
        return send(trusting(cloud, null), HttpRequest.newBuilder(uri(cp, path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    static Response signed(EmulatedCloud cloud, ControlPlane cp, String method, String path, String body) throws Exception {
        return signed(cloud, cp, method, path, body, "iot");
    }

    /** Signed for {@code service} (the SigV4 signing name, e.g. {@code greengrass}). */
    static Response signed(EmulatedCloud cloud, ControlPlane cp, String method, String path, String body, String service) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest req = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).protocol("https").host("localhost")
                .port(cp.endpoint().port()).encodedPath(path).build();
        ControlPlaneCredentials c = cp.credentials();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey()))
                .request(req).payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.REGION_NAME, cp.region())
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)).request();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(cp, path)).method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.forEachHeader((k, vs) -> {
            if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT))) vs.forEach(v -> b.header(k, v));
        });
        return send(trusting(cloud, null), b);
    }

    static Response withClientCertificate(EmulatedCloud cloud, ControlPlane cp, String method, String path) throws Exception {
        Path cert = cp.adminCertificate();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("admin", Pem.privateKey(Files.readString(cert.resolveSibling("admin.pem.key"))), "x".toCharArray(),
                new Certificate[]{Pem.certificate(Files.readString(cert))});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        return send(trusting(cloud, kmf), HttpRequest.newBuilder(uri(cp, path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private static URI uri(ControlPlane cp, String path) {
        return URI.create("https://localhost:" + cp.endpoint().port() + path);
    }

    private static SSLContext trusting(EmulatedCloud cloud, KeyManagerFactory kmf) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), TestTls.trustManagers(cloud.rootCaPem()).getTrustManagers(), null);
        return ctx;
    }

    private static Response send(SSLContext ssl, HttpRequest.Builder req) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> r = client.send(req.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers(), r.body());
    }
}
