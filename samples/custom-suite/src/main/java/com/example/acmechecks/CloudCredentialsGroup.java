package com.example.acmechecks;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.device.Device;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code CloudCredentials}: the run's cloud provisions a thing for the device with credentials that work. It
 * runs on the host ({@link Preparation.HostOnly}: the device is not powered or flashed), against the emulated
 * cloud of the run (or the external one the config names).
 *
 * <p>Outcomes: a wrong certificate or a refused connection is a FAILED check; a broker that cannot be reached
 * at all is an {@link InfrastructureException}, an ERROR of the lab.
 */
@QualificationGroup(id = "CloudCredentials", title = "The cloud provisions working device credentials", required = false,
        preparation = Preparation.HostOnly.class,
        cases = {"certificateNamesTheThingAndChainsToTheRootCa", "brokerAcceptsTheThingOverMutualTls"})
public class CloudCredentialsGroup {

    @Test
    void certificateNamesTheThingAndChainsToTheRootCa(Cloud cloud, Device device) throws Exception {
        String thing = thingName(device, "cert");
        DeviceCredentials c = cloud.provisionThing(thing);
        assertEquals(thing, c.thingName());
        X509Certificate cert = assertDoesNotThrow(() -> certificate(c.certificatePem()),
                "the device certificate is not an X.509 certificate in PEM");
        X509Certificate ca = assertDoesNotThrow(() -> certificate(c.rootCaPem()), "the root CA is not an X.509 certificate in PEM");
        assertDoesNotThrow(() -> cert.checkValidity(), "the device certificate is not valid now");
        assertDoesNotThrow(() -> cert.verify(ca.getPublicKey()), "the device certificate is not signed by the root CA");
        assertTrue(cert.getSubjectX500Principal().getName().contains("CN=" + thing),
                "the certificate's subject " + cert.getSubjectX500Principal() + " does not name the thing " + thing);
        PrivateKey key = assertDoesNotThrow(() -> privateKey(c.privateKeyPem(), cert.getPublicKey().getAlgorithm()),
                "the private key is not a PKCS #8 key in PEM");
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        Signature sign = Signature.getInstance(signatureAlgorithm(key));
        sign.initSign(key);
        sign.update(challenge);
        byte[] signature = sign.sign();
        Signature check = Signature.getInstance(signatureAlgorithm(key));
        check.initVerify(cert.getPublicKey());
        check.update(challenge);
        assertTrue(check.verify(signature), "the private key does not belong to the certificate");
    }

    @Test
    void brokerAcceptsTheThingOverMutualTls(Cloud cloud, Device device, GroupContext group) throws Exception {
        String thing = thingName(device, "mqtt");
        DeviceCredentials c = cloud.provisionThing(thing);
        int timeoutMs = (int) group.scaled(Duration.ofSeconds(10)).toMillis();
        InetSocketAddress broker = new InetSocketAddress(c.endpoint().host(), c.endpoint().port());
        Socket plain = new Socket();
        try {
            plain.connect(broker, timeoutMs);
        } catch (IOException e) {
            plain.close();
            throw new InfrastructureException("broker-unreachable", "cannot reach the MQTT endpoint " + c.endpoint()
                    + ": " + e.getMessage(), e);
        }
        SSLContext tls;
        try {
            tls = tls(c);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            plain.close();
            throw new AssertionError("the credentials of " + thing + " cannot be used for TLS: " + e, e);
        }
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, broker.getHostString(), broker.getPort(), true)) {
            socket.setSoTimeout(timeoutMs);
            byte[] connack = new byte[4];
            try {
                socket.startHandshake();
                socket.getOutputStream().write(mqttConnect(thing));
                socket.getOutputStream().flush();
                new DataInputStream(socket.getInputStream()).readFully(connack);
            } catch (SSLException e) {
                throw new AssertionError("the broker refused the TLS credentials of " + thing + ": " + e.getMessage(), e);
            }
            // CONNACK: type 2, remaining length 2, no session present, return code 0 (accepted)
            assertArrayEquals(new byte[]{0x20, 0x02, 0x00, 0x00}, connack,
                    "the broker did not accept the MQTT CONNECT of " + thing + " (CONNACK return code " + connack[3] + ")");
            socket.getOutputStream().write(new byte[]{(byte) 0xE0, 0x00}); // DISCONNECT
        }
    }

    /** One thing per device and test, so groups running in parallel on several devices do not share one. */
    static String thingName(Device device, String purpose) {
        return "acme-checks-" + device.id().replaceAll("[^A-Za-z0-9_-]", "-") + "-" + purpose;
    }

    /** An MQTT 3.1.1 CONNECT with a clean session, the thing name as client id and a 60 s keep-alive. */
    static byte[] mqttConnect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[]{0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C});
        body.write(id.length >> 8);
        body.write(id.length & 0xFF);
        body.writeBytes(id);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        int remaining = body.size();
        do {
            int digit = remaining % 128;
            remaining /= 128;
            packet.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static SSLContext tls(DeviceCredentials c) throws GeneralSecurityException, IOException {
        X509Certificate cert = certificate(c.certificatePem());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = new char[0];
        keys.setKeyEntry("device", privateKey(c.privateKeyPem(), cert.getPublicKey().getAlgorithm()), password,
                new Certificate[]{cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root-ca", certificate(c.rootCaPem()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    static X509Certificate certificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A PKCS #8 ({@code BEGIN PRIVATE KEY}) PEM key. */
    static PrivateKey privateKey(String pem, String algorithm) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
    }
}
