package dev.qualify.suites.freertos.echo;

import dev.qualify.api.driver.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The TLS echo server with real JSSE clients. */
class TlsEchoServerTest {

    private static SSLSocket connect(TlsEchoServer server, X509Certificate trusted, X509Certificate clientCert,
                                     PrivateKey clientKey, String protocol) throws Exception {
        char[] pw = "t".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("c", clientKey, pw, new Certificate[] {clientCert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, pw);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(server.address(), server.port());
        s.setEnabledProtocols(new String[] {protocol});
        s.setSoTimeout(5000);
        s.startHandshake();
        return s;
    }

    private static String echo(SSLSocket s, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        s.getOutputStream().write(data);
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        byte[] back = new byte[data.length];
        int n = 0;
        while (n < back.length) {
            int r = in.read(back, n, back.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return new String(back, 0, n, StandardCharsets.US_ASCII);
    }

    @ParameterizedTest(name = "{0} {1} over {2}")
    @CsvSource({"EC, P256, TLSv1.2", "EC, P256, TLSv1.3", "EC, P384, TLSv1.2", "EC, P521, TLSv1.3",
            "RSA, P256, TLSv1.2", "RSA, P256, TLSv1.3"})
    void acceptsTheClientCertificateItIssuedAndEchoes(String method, String curve, String protocol) throws Exception {
        TlsEchoCredentials c = TlsEchoCredentials.generate(method, curve, "127.0.0.1", "dut-1");
        assertThat(c.serverCertificate().getPublicKey().getAlgorithm()).isEqualTo(method);
        assertThat(c.clientCertificate().getIssuerX500Principal()).isEqualTo(c.serverCertificate()
                .getSubjectX500Principal());
        try (TlsEchoServer server = TlsEchoServer.start(InetAddress.getLoopbackAddress(), 0, c);
             SSLSocket s = connect(server, c.serverCertificate(), c.clientCertificate(), c.clientKey(), protocol)) {
            assertThat(echo(s, "hello over TLS")).isEqualTo("hello over TLS");
            assertThat(s.getSession().getPeerCertificates()[0]).isEqualTo(c.serverCertificate());
            await().atMost(Duration.ofSeconds(5)).until(() -> server.handshakesCompleted() == 1);
            assertThat(server.handshakesRefused()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.2", "TLSv1.3"})
    void refusesAClientCertificateItDidNotIssue(String protocol) throws Exception {
        TlsEchoCredentials c = TlsEchoCredentials.generate("EC", "P256", "127.0.0.1", "dut-1");
        KeyPair stranger = Pki.generate("EC", "P256");
        X509Certificate selfIssued = Pki.issue("CN=qualify-dut-1,O=Qualify device under test", stranger.getPublic(),
                null, stranger.getPrivate(), false, true, null, Duration.ofDays(1));
        try (TlsEchoServer server = TlsEchoServer.start(InetAddress.getLoopbackAddress(), 0, c)) {
            assertThatThrownBy(() -> {
                try (SSLSocket s = connect(server, c.serverCertificate(), selfIssued, stranger.getPrivate(),
                        protocol)) {
                    echo(s, "x"); // TLS 1.3: the refusal arrives after the client's handshake
                    s.getInputStream().read();
                }
            }).isInstanceOf(IOException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.handshakesRefused() == 1);
            assertThat(server.handshakesCompleted()).isZero();
            assertThat(server.lastRefusal()).isNotBlank();
            assertThat(server.bytesEchoed()).isZero();
        }
    }

    @Test
    void disconnectAsFirstDataEndsTheConnection() throws Exception {
        TlsEchoCredentials c = TlsEchoCredentials.generate("EC", "P256", "127.0.0.1", "dut-1");
        try (TlsEchoServer server = TlsEchoServer.start(InetAddress.getLoopbackAddress(), 0, c);
             SSLSocket s = connect(server, c.serverCertificate(), c.clientCertificate(), c.clientKey(), "TLSv1.2")) {
            s.getOutputStream().write("DISCONNECT".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            int r;
            try {
                r = s.getInputStream().read();
            } catch (IOException reset) {
                r = -1;
            }
            assertThat(r).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.disconnectCommands() == 1);
        }
    }

    @Test
    void headerMacrosAreOneLineCStringsOfPem() {
        TlsEchoCredentials c = TlsEchoCredentials.generate("RSA", "P256", "127.0.0.1", "dut-1");
        Map<String, String> m = c.headerMacros();
        assertThat(m.get("ECHO_SERVER_ROOT_CA")).startsWith("\"-----BEGIN CERTIFICATE-----\\n")
                .endsWith("-----END CERTIFICATE-----\\n\"").doesNotContain("\n");
        assertThat(m.get("TRANSPORT_CLIENT_PRIVATE_KEY")).startsWith("\"-----BEGIN PRIVATE KEY-----\\n");
        assertThat(m.get("TRANSPORT_CLIENT_CERTIFICATE")).contains("BEGIN CERTIFICATE");
    }

    @Test
    void settingsFollowIdtFieldNames(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        TlsEchoCredentials.Settings s = TlsEchoCredentials.Settings.of(Map.of(
                "echoServerConfiguration", Map.of("keyGenerationMethod", "RSA", "serverPort", 9000),
                "echoServerCertificateConfiguration", Map.of("certificateGenerationMethod", "Automatic",
                        "eccCurveFormat", "P384")), dir);
        assertThat(s.keyGenerationMethod()).isEqualTo("RSA");
        assertThat(s.serverPort()).isEqualTo(9000);
        assertThat(s.eccCurveFormat()).isEqualTo("P384");
        assertThat(TlsEchoCredentials.Settings.of(Map.of(), dir).keyGenerationMethod()).isEqualTo("EC");
        assertThatThrownBy(() -> TlsEchoCredentials.Settings.of(Map.of("echoServerConfiguration",
                Map.of("keyGenerationMethod", "DSA")), dir)).isInstanceOf(SettingsException.class);
        assertThatThrownBy(() -> TlsEchoCredentials.Settings.of(Map.of("echoServerCertificateConfiguration",
                Map.of("certificateGenerationMethod", "Custom")), dir)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("required with certificateGenerationMethod Custom");
    }
}
