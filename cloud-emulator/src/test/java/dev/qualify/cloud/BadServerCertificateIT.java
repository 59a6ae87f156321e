package dev.qualify.cloud;

import dev.qualify.cloud.fault.BadServerCertificate;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Extra TLS listeners that serve bad server certificates, checked with a verifying TLS client. */
class BadServerCertificateIT {
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    DeviceCredentials dev1;

    @BeforeEach
    void start() {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir));
        dev1 = cloud.provisionThing("dev1");
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private SSLSocket connect(Endpoint e) throws Exception {
        SSLSocket s = (SSLSocket) TestTls.sslContext(dev1).getSocketFactory().createSocket("localhost", e.port());
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.setSoTimeout(5000);
        return s;
    }

    @ParameterizedTest
    @EnumSource(value = BadServerCertificate.class, names = {"WRONG_NAME", "UNTRUSTED_CA", "EXPIRED"})
    void verifyingClientRefusesTheCertificateAndTheServerRecordsIt(BadServerCertificate kind) throws Exception {
        Endpoint e = cloud.badCertificateEndpoint(kind);
        assertThat(e.port()).isNotEqualTo(cloud.mqttEndpoint().port());
        try (SSLSocket s = connect(e)) {
            assertThatThrownBy(s::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
        String listener = "bad-cert-" + kind.name().toLowerCase();
        await().atMost(5, TimeUnit.SECONDS).until(() -> cloud.packetLog().connectionEvents().stream()
                .anyMatch(ev -> ev.listener().equals(listener) && ev.event().equals("TLS_FAILED")));
    }

    @Test
    void oversizedCertificateStillCompletesTheHandshake() throws Exception {
        Endpoint e = cloud.badCertificateEndpoint(BadServerCertificate.OVERSIZED);
        try (SSLSocket s = connect(e)) {
            s.startHandshake();
            X509Certificate server = (X509Certificate) s.getSession().getPeerCertificates()[0];
            assertThat(server.getEncoded().length).isGreaterThan(8 * 1024);
        }
    }

    @Test
    void mosquittoPubClosesOnAWrongNameCertificate() throws Exception {
        HostTools.require("mosquitto_pub", "mosquitto-clients");
        Path certs = TestTls.writeFiles(dev1, dir.resolve("certs"));
        List<String> cmd = new ArrayList<>(List.of("mosquitto_pub"));
        cmd.addAll(HostTools.tlsArgs(certs, cloud.badCertificateEndpoint(BadServerCertificate.WRONG_NAME).port()));
        cmd.addAll(List.of("-i", "dev1", "-t", "dev1/x", "-m", "x"));
        HostTools.Result r = HostTools.run(cmd, 15);
        assertThat(r.exitCode()).isNotZero();
        assertThat(cloud.broker().stats().publishesReceived()).isZero();
    }
}
