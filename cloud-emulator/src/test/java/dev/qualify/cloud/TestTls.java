package dev.qualify.cloud;

import dev.qualify.cloud.ca.Pem;
import dev.qualify.api.cloud.DeviceCredentials;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;

/** TLS material for test clients, built from a device's PEM credentials. */
public final class TestTls {
    private TestTls() {
    }

    public static KeyManagerFactory keyManagers(DeviceCredentials c) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("device", Pem.privateKey(c.privateKeyPem()), "x".toCharArray(),
                new Certificate[]{Pem.certificate(c.certificatePem())});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        return kmf;
    }

    public static TrustManagerFactory trustManagers(String caPem) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", Pem.certificate(caPem));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf;
    }

    public static SSLContext sslContext(DeviceCredentials c) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keyManagers(c).getKeyManagers(), trustManagers(c.rootCaPem()).getTrustManagers(), null);
        return ctx;
    }

    /** Writes certificate.pem.crt, private.pem.key and root-ca.pem into a directory (for command-line clients). */
    public static Path writeFiles(DeviceCredentials c, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("certificate.pem.crt"), c.certificatePem());
        Files.writeString(dir.resolve("private.pem.key"), c.privateKeyPem());
        Files.writeString(dir.resolve("root-ca.pem"), c.rootCaPem());
        return dir;
    }
}
