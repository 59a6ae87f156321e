package dev.qualify.cloud.mqtt;

import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.support.ClientTls;
import dev.qualify.cloud.ca.Pem;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
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
        List<X509Certificate> roots = certificates("ca", ca);
        boolean cert = login != null && login.hasCertificate();
        List<X509Certificate> chain = cert ? certificates(login.keyOf("cert"), login.cert()) : List.of();
        PrivateKey key = cert ? privateKey(login.keyOf("key"), login.privateKey()) : null;
        try {
            return ClientTls.context(roots, key, chain);
        } catch (GeneralSecurityException e) {
            throw new SettingsException(login.keyOf("key"), login.keyOf("key") + ": " + login.privateKey()
                    + " does not go with " + login.cert() + " (" + e.getMessage() + ")", null);
        }
    }

    /** The login's key as PKCS #8 PEM, as devices read it. */
    static String pkcs8(MqttLogin login) {
        return Pem.encode(privateKey(login.keyOf("key"), login.privateKey()));
    }
}
