package dev.qualify.cloud.advisor;

import dev.qualify.api.cloud.Endpoint;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.ca.IssuedCertificate;
import dev.qualify.cloud.ca.CertificateProfile;
import dev.qualify.cloud.fault.BadServerCertificate;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

import javax.net.ssl.SSLException;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * A device's own Device Advisor endpoint on the emulated cloud: an MQTT/TLS listener of the same broker (same
 * client authentication, policies, faults and packet log) that records every ClientHello and serves, for new
 * connections, whichever server certificate the running case asks for: the good one, or a
 * {@link BadServerCertificate} (made once per kind). Thread-safe; closed with the cloud.
 */
public final class AdvisorEndpoint {
    /** The label of the good server certificate in {@link dev.qualify.cloud.capture.TlsClientHello#servedCertificate()}. */
    public static final String GOOD = "GOOD";

    private final EmulatedCloud cloud;
    private final String listener;
    private final Map<BadServerCertificate, SslContext> bad = new EnumMap<>(BadServerCertificate.class);
    private final SslContext good;
    private volatile ClientHelloRecorder.Served served;
    private final Endpoint endpoint;

    private AdvisorEndpoint(EmulatedCloud cloud, String listener) throws InterruptedException {
        this.cloud = cloud;
        this.listener = listener;
        this.good = serverContext(cloud.certificateAuthority().issue(CertificateProfile.loopbackServer(Instant.now(), 30)));
        this.served = new ClientHelloRecorder.Served(GOOD, good);
        InetSocketAddress a = cloud.broker().openTlsListener(listener, () -> new ClientHelloRecorder(listener,
                () -> served, cloud.packetLog()::clientHello, cloud.packetLog()::nextSequence));
        this.endpoint = new Endpoint("127.0.0.1", a.getPort());
    }

    /**
     * Opens an endpoint on the cloud's broker.
     *
     * @param listener the listener name its connection events carry, e.g. {@code advisor-<device>}
     */
    public static AdvisorEndpoint open(EmulatedCloud cloud, String listener) {
        try {
            return new AdvisorEndpoint(cloud, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException("interrupted opening the Device Advisor endpoint", e);
        }
    }

    /** Where the device connects. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** The listener name of its connections' events. */
    public String listener() {
        return listener;
    }

    /**
     * Mutual TLS as the broker's own listener does, but accepting every cipher suite AWS IoT Core accepts (its
     * CBC suites too, which Netty's defaults leave out), so a device that offers only those still connects and
     * the cipher-suite case, not the handshake, says what is wrong.
     */
    private SslContext serverContext(IssuedCertificate server) {
        try {
            return SslContextBuilder.forServer(server.privateKey(), server.certificate())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .ciphers(CipherSuites.supportedNames(), SupportedCipherSuiteFilter.INSTANCE)
                    .trustManager(cloud.certificateAuthority().certificate())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (SSLException e) {
            throw new CloudException("cannot make the Device Advisor endpoint's TLS context: " + e.getMessage(), e);
        }
    }

    /** New connections get the good server certificate. */
    public void serveGood() {
        served = new ClientHelloRecorder.Served(GOOD, good);
    }

    /** New connections get this bad server certificate. */
    public synchronized void serve(BadServerCertificate kind) {
        SslContext c = bad.computeIfAbsent(kind, k -> serverContext(k.issue(cloud.certificateAuthority(), Instant.now())));
        served = new ClientHelloRecorder.Served(kind.name(), c);
    }
}
