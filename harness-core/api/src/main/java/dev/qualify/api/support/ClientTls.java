package dev.qualify.api.support;

import org.apiguardian.api.API;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/** The TLS context of a client (of a broker, an echo server): whom it trusts and what it presents. */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public final class ClientTls {
    private ClientTls() {
    }

    /**
     * A context that trusts {@code roots} and, when {@code key} is not null, presents {@code chain} (leaf first)
     * with {@code key}.
     *
     * @throws GeneralSecurityException when the key does not go with the chain, or the JDK refuses a certificate
     */
    public static SSLContext context(List<X509Certificate> roots, PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < roots.size(); i++) trust.setCertificateEntry("ca-" + i, roots.get(i));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (key != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                char[] pw = "client".toCharArray();
                keys.setKeyEntry("client", key, pw, chain.toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, pw);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot set up an in-memory key store: " + e.getMessage(), e);
        }
    }
}
