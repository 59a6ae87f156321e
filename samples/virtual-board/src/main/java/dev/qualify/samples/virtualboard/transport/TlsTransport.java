package dev.qualify.samples.virtualboard.transport;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The board's TLS transport (what an mbedTLS port's {@code TLS_FreeRTOS_Connect} does), on JSSE: the TCP
 * connection is wrapped in TLS 1.2, the echo server's certificate chain is verified against
 * {@code ECHO_SERVER_ROOT_CA}, and the client presents {@code TRANSPORT_CLIENT_CERTIFICATE} with
 * {@code TRANSPORT_CLIENT_PRIVATE_KEY} (PEM; the key as PKCS #8 {@code PRIVATE KEY}, EC or RSA). The host name is
 * not checked against the certificate (FLIT ports differ there; the chain is what the test relies on).
 *
 * <p>With {@code wrongCertificate} (the board's {@code --wrong-tls-cert}) the client presents a certificate it made
 * itself, with a fresh key and the same subject, that the echo server never issued: the server must refuse the
 * handshake.
 */
public final class TlsTransport extends PlaintextTransport {

    /** TLS 1.2, as the mbedTLS 2.x of FreeRTOS LTS ports; also makes a refused client certificate fail connect. */
    public static final String PROTOCOL = "TLSv1.2";

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private final SSLContext context;
    private final String clientSubject;

    /**
     * @throws GeneralSecurityException when a PEM cannot be read (the message says which macro)
     */
    public TlsTransport(int connectTimeoutMs, int recvTimeoutMs, String rootCaPem, String clientCertificatePem,
                        String clientPrivateKeyPem, boolean wrongCertificate) throws GeneralSecurityException {
        super(connectTimeoutMs, recvTimeoutMs);
        List<X509Certificate> roots = certificates("ECHO_SERVER_ROOT_CA", rootCaPem);
        List<X509Certificate> chain = certificates("TRANSPORT_CLIENT_CERTIFICATE", clientCertificatePem);
        PrivateKey key = privateKey("TRANSPORT_CLIENT_PRIVATE_KEY", clientPrivateKeyPem);
        clientSubject = chain.get(0).getSubjectX500Principal().getName();
        Certificate[] presented = chain.toArray(Certificate[]::new);
        if (wrongCertificate) {
            SelfSignedCertificate own = SelfSignedCertificate.create(key.getAlgorithm(), clientSubject);
            key = own.privateKey();
            presented = new Certificate[] {own.certificate()};
        }
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] pw = "virtual-board".toCharArray();
            keys.setKeyEntry("client", key, pw, presented);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, pw);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < roots.size(); i++) {
                trust.setCertificateEntry("root-" + i, roots.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            context = SSLContext.getInstance(PROTOCOL);
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    /** The subject of the client certificate from {@code TRANSPORT_CLIENT_CERTIFICATE}. */
    public String clientSubject() {
        return clientSubject;
    }

    @Override
    protected Socket secure(Socket tcp, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port, true);
        tls.setEnabledProtocols(new String[] {PROTOCOL});
        tls.setUseClientMode(true);
        try {
            tls.startHandshake();
        } catch (IOException e) {
            tls.close();
            throw new IOException("TLS handshake failed: " + describe(e), e);
        }
        return tls;
    }

    /** Every certificate of a PEM string. */
    public static List<X509Certificate> certificates(String macro, String pem) throws GeneralSecurityException {
        if (pem == null || pem.isBlank() || pem.equals("NULL")) {
            throw new GeneralSecurityException(macro + " is not set");
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals("CERTIFICATE")) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der(m.group(2)))));
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException(macro + " holds no PEM CERTIFICATE");
        }
        return out;
    }

    /** A PKCS #8 private key (EC or RSA) from a PEM string. */
    public static PrivateKey privateKey(String macro, String pem) throws GeneralSecurityException {
        if (pem == null || pem.isBlank() || pem.equals("NULL")) {
            throw new GeneralSecurityException(macro + " is not set");
        }
        Matcher m = PEM.matcher(pem);
        if (!m.find()) {
            throw new GeneralSecurityException(macro + " is not PEM");
        }
        if (!m.group(1).equals("PRIVATE KEY")) {
            throw new GeneralSecurityException(macro + " is a PEM '" + m.group(1)
                    + "'; the board reads PKCS #8 'PRIVATE KEY'");
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der(m.group(2)));
        GeneralSecurityException last = null;
        for (String alg : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException(macro + " is neither an EC nor an RSA key: " + last.getMessage(), last);
    }

    /**
     * The port's TLS transport from the PEM macros; when they cannot be used, a transport whose every connect
     * fails saying why (what a port with bad credentials does: each test's setup fails to connect).
     */
    public static PlaintextTransport create(int connectTimeoutMs, int recvTimeoutMs, String rootCaPem,
                                            String clientCertificatePem, String clientPrivateKeyPem,
                                            boolean wrongCertificate) {
        try {
            return new TlsTransport(connectTimeoutMs, recvTimeoutMs, rootCaPem, clientCertificatePem,
                    clientPrivateKeyPem, wrongCertificate);
        } catch (GeneralSecurityException e) {
            String why = "TLS credentials unusable: " + describe(e);
            return new PlaintextTransport(connectTimeoutMs, recvTimeoutMs) {
                @Override
                protected Socket secure(Socket tcp, String host, int port) throws IOException {
                    throw new IOException(why);
                }
            };
        }
    }

    private static byte[] der(String base64) {
        return Base64.getMimeDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
    }
}
