package dev.qualify.suites.freertos.echo;

import dev.qualify.api.driver.SettingsException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The credentials of the TLS echo server and of the device's client, from IDT's suite parameters
 * {@code echoServerConfiguration} ({@code keyGenerationMethod} EC|RSA, {@code serverPort}) and
 * {@code echoServerCertificateConfiguration} ({@code certificateGenerationMethod} Automatic|Custom,
 * {@code customPath.{clientCertificatePath, clientPrivateKeyPath, serverCertificatePath, serverPrivateKeyPath}},
 * {@code eccCurveFormat} P224|P256|P384|P521).
 *
 * <p>Automatic (the default): a server key (EC on the curve, P-256 by default, or RSA-2048) with a self-signed CA
 * certificate, and a client key of the same kind with a certificate issued by the server's key, as FLIT's echo
 * server expects ("the client certificate is signed by the server credential"). The server trusts only client
 * certificates issued by its own key. Custom: the user's four PEM files; the server trusts client certificates
 * issued by the server certificate and the given client certificate itself.
 */
public final class TlsEchoCredentials {

    /** The parsed parameters. */
    public record Settings(String keyGenerationMethod, String eccCurveFormat, int serverPort, boolean custom,
                           Path clientCertificate, Path clientPrivateKey, Path serverCertificate,
                           Path serverPrivateKey) {

        static final Set<String> SERVER_KEYS = Set.of("keyGenerationMethod", "serverPort");
        static final Set<String> CERT_KEYS = Set.of("certificateGenerationMethod", "customPath", "eccCurveFormat");
        static final Set<String> CUSTOM_KEYS = Set.of("clientCertificatePath", "clientPrivateKeyPath",
                "serverCertificatePath", "serverPrivateKeyPath");

        /** Reads and checks the two parameter maps; relative paths resolve against {@code baseDir}. */
        public static Settings of(Map<String, Object> parameters, Path baseDir) {
            Map<String, Object> server = map(parameters, "echoServerConfiguration", SERVER_KEYS);
            Map<String, Object> cert = map(parameters, "echoServerCertificateConfiguration", CERT_KEYS);
            String method = String.valueOf(server.getOrDefault("keyGenerationMethod", "EC")).toUpperCase(Locale.ROOT);
            if (!method.equals("EC") && !method.equals("RSA")) {
                throw new SettingsException("echoServerConfiguration.keyGenerationMethod",
                        "'" + method + "' is not a key generation method", "EC or RSA");
            }
            String curve = String.valueOf(cert.getOrDefault("eccCurveFormat", "P256")).toUpperCase(Locale.ROOT);
            if (!Pki.CURVES.containsKey(curve)) {
                throw new SettingsException("echoServerCertificateConfiguration.eccCurveFormat",
                        "'" + curve + "' is not a curve", "one of P224, P256, P384, P521");
            }
            if (method.equals("EC") && curve.equals("P224")) {
                throw new SettingsException("echoServerCertificateConfiguration.eccCurveFormat",
                        "P224 cannot be used: the JDK's TLS (JSSE) that runs the echo server has no P-224 group",
                        "use P256, P384 or P521");
            }
            Object portValue = server.getOrDefault("serverPort", 0);
            int port;
            try {
                port = Integer.parseInt(String.valueOf(portValue));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new SettingsException("echoServerConfiguration.serverPort", "'" + portValue
                        + "' is not a port", "a port 1024..49151 the device can reach, or 0 for a free one");
            }
            String generation = String.valueOf(cert.getOrDefault("certificateGenerationMethod", "Automatic"));
            boolean custom;
            if (generation.equalsIgnoreCase("Automatic")) {
                custom = false;
            } else if (generation.equalsIgnoreCase("Custom")) {
                custom = true;
            } else {
                throw new SettingsException("echoServerCertificateConfiguration.certificateGenerationMethod",
                        "'" + generation + "' is not a certificate generation method", "Automatic or Custom");
            }
            Path[] paths = new Path[4];
            if (custom) {
                Map<String, Object> c = map(cert, "customPath", CUSTOM_KEYS);
                String[] names = {"clientCertificatePath", "clientPrivateKeyPath", "serverCertificatePath",
                        "serverPrivateKeyPath"};
                for (int i = 0; i < names.length; i++) {
                    Object v = c.get(names[i]);
                    String key = "echoServerCertificateConfiguration.customPath." + names[i];
                    if (v == null) {
                        throw new SettingsException(key, "required with certificateGenerationMethod Custom",
                                "give the PEM file's path");
                    }
                    paths[i] = baseDir.resolve(String.valueOf(v)).normalize();
                    if (!Files.isRegularFile(paths[i])) {
                        throw new SettingsException(key, "file " + paths[i] + " does not exist",
                                "relative paths start at the config file's directory");
                    }
                }
            }
            return new Settings(method, curve, port, custom, paths[0], paths[1], paths[2], paths[3]);
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> map(Map<String, Object> parent, String key, Set<String> allowed) {
            Object v = parent.get(key);
            if (v == null) {
                return Map.of();
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw new SettingsException(key, "must be a map", "e.g. " + key + ": {" + allowed.iterator().next()
                        + ": ...}");
            }
            for (Object k : m.keySet()) {
                if (!allowed.contains(String.valueOf(k))) {
                    throw new SettingsException(key + "." + k, "unknown key '" + k + "'",
                            "allowed: " + new java.util.TreeSet<>(allowed));
                }
            }
            return (Map<String, Object>) m;
        }
    }

    private final X509Certificate serverCertificate;
    private final PrivateKey serverKey;
    private final List<X509Certificate> trustedClientIssuers;
    private final X509Certificate clientCertificate;
    private final PrivateKey clientKey;

    private TlsEchoCredentials(X509Certificate serverCertificate, PrivateKey serverKey,
                               List<X509Certificate> trustedClientIssuers, X509Certificate clientCertificate,
                               PrivateKey clientKey) {
        this.serverCertificate = serverCertificate;
        this.serverKey = serverKey;
        this.trustedClientIssuers = List.copyOf(trustedClientIssuers);
        this.clientCertificate = clientCertificate;
        this.clientKey = clientKey;
    }

    /** Generates (Automatic) or reads (Custom) the credentials; {@code endpoint} goes into the server's SAN. */
    public static TlsEchoCredentials of(Settings s, String endpoint, String deviceName) {
        if (s.custom()) {
            try {
                X509Certificate server = Pki.readCertificates(s.serverCertificate()).get(0);
                PrivateKey serverKey = Pki.readPrivateKey(s.serverPrivateKey());
                X509Certificate client = Pki.readCertificates(s.clientCertificate()).get(0);
                PrivateKey clientKey = Pki.readPrivateKey(s.clientPrivateKey());
                List<X509Certificate> trusted = new ArrayList<>(List.of(server));
                if (!client.equals(server)) {
                    trusted.add(client);
                }
                return new TlsEchoCredentials(server, serverKey, trusted, client, clientKey);
            } catch (IOException e) {
                throw new SettingsException("echoServerCertificateConfiguration.customPath", e.getMessage(),
                        "give PEM files: certificates, and unencrypted private keys");
            }
        }
        return generate(s.keyGenerationMethod(), s.eccCurveFormat(), endpoint, deviceName);
    }

    /** Automatic credentials: a self-signed server CA and a client certificate it issued. */
    public static TlsEchoCredentials generate(String keyMethod, String curve, String endpoint, String deviceName) {
        KeyPair server = Pki.generate(keyMethod, curve);
        X509Certificate serverCert = Pki.issue("CN=Qualify TLS echo server,O=Qualify", server.getPublic(), null,
                server.getPrivate(), true, false, endpoint, Duration.ofDays(2));
        KeyPair client = Pki.generate(keyMethod, curve);
        X509Certificate clientCert = Pki.issue("CN=" + deviceName.replaceAll("[,=+<>#;\"\\\\]", "_")
                        + ",O=Qualify device under test", client.getPublic(), serverCert, server.getPrivate(), false,
                true, null, Duration.ofDays(2));
        return new TlsEchoCredentials(serverCert, server.getPrivate(), List.of(serverCert), clientCert,
                client.getPrivate());
    }

    public X509Certificate serverCertificate() {
        return serverCertificate;
    }

    public PrivateKey serverKey() {
        return serverKey;
    }

    /** The certificates a client certificate must be issued by (or be). */
    public List<X509Certificate> trustedClientIssuers() {
        return trustedClientIssuers;
    }

    public X509Certificate clientCertificate() {
        return clientCertificate;
    }

    public PrivateKey clientKey() {
        return clientKey;
    }

    /** {@code ECHO_SERVER_ROOT_CA}, {@code TRANSPORT_CLIENT_CERTIFICATE}, {@code TRANSPORT_CLIENT_PRIVATE_KEY}. */
    public Map<String, String> headerMacros() {
        return Map.of("ECHO_SERVER_ROOT_CA", Pki.cPem(Pki.pem(serverCertificate)),
                "TRANSPORT_CLIENT_CERTIFICATE", Pki.cPem(Pki.pem(clientCertificate)),
                "TRANSPORT_CLIENT_PRIVATE_KEY", Pki.cPem(Pki.pem(clientKey)));
    }
}
