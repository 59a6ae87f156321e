package dev.qualify.samples.virtualboard.advisor;

import dev.qualify.samples.virtualboard.transport.TlsTransport;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The demo's TLS client: the JDK's TLS through Netty, trusting {@code IOT_CORE_ROOT_CA}, presenting
 * {@code MQTT_CLIENT_CERTIFICATE}, checking the server's name (HTTPS endpoint identification), offering TLS 1.3 and
 * 1.2 with the suites Device Advisor recommends; or, with {@link AdvisorFaults}, one of the mistakes.
 */
public final class DeviceTls {
    /** The largest server certificate chain a {@code --da-small-tls-buffer} board can take. */
    public static final int SMALL_BUFFER_BYTES = 4096;
    /** Accepted by AWS IoT Core (and the emulated cloud's advisor endpoint), but not recommended by Device Advisor. */
    public static final String UNRECOMMENDED = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
    private static final List<String> RECOMMENDED = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

    private DeviceTls() {
    }

    public static SslContext context(String rootCaPem, String certificatePem, String keyPem, AdvisorFaults faults)
            throws GeneralSecurityException, java.io.IOException {
        List<X509Certificate> roots = TlsTransport.certificates("IOT_CORE_ROOT_CA", rootCaPem);
        List<X509Certificate> chain = TlsTransport.certificates("MQTT_CLIENT_CERTIFICATE", certificatePem);
        PrivateKey key = TlsTransport.privateKey("MQTT_CLIENT_PRIVATE_KEY", keyPem);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        for (int i = 0; i < roots.size(); i++) trust.setCertificateEntry("root-" + i, roots.get(i));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        X509ExtendedTrustManager pkix = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .keyManager(key, chain.toArray(X509Certificate[]::new))
                .trustManager(new Checking(pkix, faults))
                .endpointIdentificationAlgorithm(faults.noHostnameCheck() ? null : "HTTPS");
        if (faults.legacyCipherSuites()) {
            b.protocols("TLSv1.2").ciphers(List.of(UNRECOMMENDED));
        } else {
            b.protocols("TLSv1.3", "TLSv1.2").ciphers(RECOMMENDED);
        }
        return b.build();
    }

    /**
     * The JDK's PKIX checks (name included, via the engine), bent by the faults: any issuer, expired, or a small
     * buffer.
     */
    private static final class Checking extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;
        private final AdvisorFaults faults;

        Checking(X509ExtendedTrustManager pkix, AdvisorFaults faults) {
            this.pkix = pkix;
            this.faults = faults;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            if (faults.smallTlsBuffer()) {
                int bytes = 0;
                for (X509Certificate c : chain) bytes += c.getEncoded().length;
                if (bytes > SMALL_BUFFER_BYTES) {
                    throw new CertificateException("server certificate chain of " + bytes + " bytes overflows the "
                            + SMALL_BUFFER_BYTES + "-byte TLS input buffer");
                }
            }
            try {
                pkix.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                if (faults.acceptExpired() && expired(e)) return;
                if (faults.trustAnyCa() && untrusted(e)) {
                    chain[0].checkValidity();
                    if (!faults.noHostnameCheck()) hostname(chain, authType, engine);
                    return;
                }
                throw e;
            }
        }

        /** The name check alone: PKIX with the leaf as its own anchor (what a trust-any-issuer device still does). */
        private static void hostname(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            try {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                ks.setCertificateEntry("leaf", chain[0]);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                ((X509ExtendedTrustManager) tmf.getTrustManagers()[0]).checkServerTrusted(new X509Certificate[]{chain[0]},
                        authType, engine);
            } catch (java.io.IOException | GeneralSecurityException e) {
                if (e instanceof CertificateException ce) throw ce;
                throw new CertificateException(e);
            }
        }

        private static boolean expired(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CertificateExpiredException) return true;
                if (t instanceof CertPathValidatorException v && v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                    return true;
                }
            }
            return false;
        }

        private static boolean untrusted(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.security.cert.CertPathBuilderException) return true;
            }
            return false;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("the demo uses an SSLEngine");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the demo uses an SSLEngine");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return ((X509TrustManager) pkix).getAcceptedIssuers();
        }
    }
}
