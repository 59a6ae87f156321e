package dev.qualify.cloud.mqtt;

import dev.qualify.api.driver.SettingsException;
import dev.qualify.cloud.ca.Pem;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PEM files of a {@code type: mqtt} cloud, read and checked, and the TLS context of a client that trusts the
 * configured CA and presents a login's certificate. Messages name the settings key and the file, never a key's text.
 */
final class MqttTls {
    private static final Pattern CERTIFICATE = Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL);

    private MqttTls() {
    }

    /** The PEM text of {@code file}. @throws SettingsException under {@code key} when it cannot be read */
    static String read(String key, Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException(key, key + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")",
                    "give the path of a PEM file, relative to the config file");
        }
    }

    /** Every certificate of the PEM file {@code file}. */
    static List<X509Certificate> certificates(String key, Path file) {
        String text = read(key, file);
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = CERTIFICATE.matcher(text);
        try {
            while (m.find()) out.add(Pem.certificate(m.group()));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key, key + ": " + file + " holds a certificate that cannot be read: " + e.getMessage(), null);
        }
        if (out.isEmpty()) throw new SettingsException(key, key + ": " + file + " holds no PEM CERTIFICATE", null);
        return out;
    }

    /** The private key of the PEM file {@code file} (PKCS #8 or traditional OpenSSL). */
    static PrivateKey privateKey(String key, Path file) {
        try {
            return Pem.privateKey(read(key, file));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key, key + ": " + file + " holds no readable PEM private key", null); // never the text
        }
    }

    /** A client context trusting {@code ca}, presenting {@code login}'s certificate when it has one. */
    static SSLContext client(Path ca, MqttLogin login) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<X509Certificate> roots = certificates("ca", ca);
            for (int i = 0; i < roots.size(); i++) trust.setCertificateEntry("ca-" + i, roots.get(i));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (login != null && login.hasCertificate()) {
                List<X509Certificate> chain = certificates(login.keyOf("cert"), login.cert());
                PrivateKey key = privateKey(login.keyOf("key"), login.privateKey());
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                char[] pw = "qualify".toCharArray();
                try {
                    keys.setKeyEntry("client", key, pw, chain.toArray(Certificate[]::new));
                } catch (GeneralSecurityException e) {
                    throw new SettingsException(login.keyOf("key"), login.keyOf("key") + ": " + login.privateKey()
                            + " is not the key of " + login.cert(), null);
                }
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, pw);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The login's key as PKCS #8 PEM, as devices read it. */
    static String pkcs8(MqttLogin login) {
        return Pem.encode(privateKey(login.keyOf("key"), login.privateKey()));
    }
}
