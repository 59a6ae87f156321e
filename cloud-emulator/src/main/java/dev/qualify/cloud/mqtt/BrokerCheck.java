package dev.qualify.cloud.mqtt;

import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.Endpoint;
import dev.qualify.api.driver.SettingsException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Checks a {@code type: mqtt} cloud before any device is touched, for every login it gives (the top-level one and
 * each device's): the broker is reachable (else {@link CloudException}, exit 3), its certificate verifies against
 * {@code ca} and names {@code endpoint} (else a {@link SettingsException} of {@code ca}, exit 2), and it accepts
 * an MQTT CONNECT with the login (else a {@link SettingsException} of {@code cert} or {@code username}). Each
 * message says the broker's host:port and what failed.
 */
final class BrokerCheck {
    static final int CONNECT_TIMEOUT_MS = 5_000;

    private BrokerCheck() {
    }

    static void check(MqttCloudSettings s) {
        Map<String, MqttLogin> logins = new LinkedHashMap<>();
        if (s.login() != null) logins.put("qualify-check-" + UUID.randomUUID().toString().substring(0, 8), s.login());
        s.devices().forEach((id, login) -> logins.put(id + "-check", login));
        for (Map.Entry<String, MqttLogin> e : logins.entrySet()) {
            SSLContext tls = MqttTls.client(s.ca(), e.getValue());
            handshake(s, tls, e.getValue());
            connect(s, tls, e.getKey(), e.getValue());
        }
    }

    private static void handshake(MqttCloudSettings s, SSLContext tls, MqttLogin login) {
        Endpoint ep = s.endpoint();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(ep.host(), ep.port()), CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            close(plain);
            throw new CloudException("cannot reach the MQTT broker at " + ep + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + "; is it running, and are endpoint and port right?");
        }
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, ep.host(), ep.port(), true)) {
            socket.setSoTimeout(CONNECT_TIMEOUT_MS);
            SSLParameters p = socket.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(p);
            socket.startHandshake();
        } catch (SSLHandshakeException e) {
            if (causedBy(e, CertificateException.class)) {
                throw new SettingsException("ca", "the TLS handshake with the MQTT broker at " + ep + " failed: its"
                        + " certificate does not verify against ca " + s.ca() + " or does not name " + ep.host() + " ("
                        + rootMessage(e) + ")", "set ca to the CA certificate that signed the broker's certificate");
            }
            throw clientCertificateRefused(ep, login, e);
        } catch (IOException e) {
            // the server's certificate verified (else a CertificateException): the broker cut the handshake short
            throw clientCertificateRefused(ep, login, e);
        }
    }

    private static void connect(MqttCloudSettings s, SSLContext tls, String clientId, MqttLogin login) {
        Endpoint ep = s.endpoint();
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(tls.getSocketFactory());
        o.setCleanSession(true);
        o.setConnectionTimeout(CONNECT_TIMEOUT_MS / 1000 * 2);
        o.setAutomaticReconnect(false);
        o.setHttpsHostnameVerificationEnabled(true);
        if (login.username() != null) o.setUserName(login.username());
        if (login.password() != null) o.setPassword(login.password().toCharArray());
        MqttClient client = null;
        try {
            client = new MqttClient("ssl://" + uriHost(ep.host()) + ":" + ep.port(), clientId, new MemoryPersistence());
            client.connect(o);
            client.disconnect(1000);
        } catch (MqttException e) {
            int rc = e.getReasonCode();
            if (rc == MqttException.REASON_CODE_FAILED_AUTHENTICATION || rc == MqttException.REASON_CODE_NOT_AUTHORIZED
                    || rc == MqttException.REASON_CODE_INVALID_CLIENT_ID) {
                String what = rc == MqttException.REASON_CODE_FAILED_AUTHENTICATION ? "bad user name or password (CONNACK 4)"
                        : rc == MqttException.REASON_CODE_NOT_AUTHORIZED ? "not authorized (CONNACK 5)" : "client id refused (CONNACK 2)";
                throw new SettingsException(login.keyOf(login.username() != null ? "password" : "cert"), "the MQTT broker at "
                        + ep + " refused the login of client " + clientId + (login.username() != null ? " as user "
                        + login.username() : "") + ": " + what, login.username() != null
                        ? "check username and password" : "check that the broker accepts this certificate and client id");
            }
            throw clientCertificateRefused(ep, login, e);
        } finally {
            if (client != null) {
                try {
                    client.close(true);
                } catch (MqttException ignored) {
                    // closing a client that never connected
                }
            }
        }
    }

    /** After the server's certificate verified, a closed connection is the broker refusing the client's login. */
    private static RuntimeException clientCertificateRefused(Endpoint ep, MqttLogin login, Exception e) {
        String why = rootMessage(e);
        if (login.hasCertificate()) {
            return new SettingsException(login.keyOf("cert"), "the MQTT broker at " + ep + " closed the connection: it did"
                    + " not accept the client certificate " + login.cert() + " (" + why + ")",
                    "give a certificate signed by a CA the broker trusts, with its key");
        }
        if (why.contains("certificate")) {
            return new SettingsException(login.keyOf("cert"), "the MQTT broker at " + ep + " wants a client certificate ("
                    + why + ")", "add cert and key");
        }
        return new CloudException("the MQTT broker at " + ep + " closed the connection: " + why);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) if (type.isInstance(t)) return true;
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static String uriHost(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }
}
