package dev.qualify.distribution;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import dev.qualify.cloud.ca.Pem;
import dev.qualify.cloud.cli.CloudCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thing created with {@code qualify cloud thing create} is in force on a running {@code qualify cloud start}
 * when the command returns: a connect made at once succeeds, 50 times in a row (issue 13's "fix on the way"). The
 * cloud runs as {@code bin/qualify} starts it; the command runs in this JVM (the same code {@code bin/qualify cloud
 * thing create} runs, without a JVM start per iteration), so it writes the registry from another process.
 */
class ThingCreateThenConnectIT {
    @TempDir
    Path dir;

    @Test
    void aConnectRightAfterThingCreateSucceedsFiftyTimesInARow() throws Exception {
        Path data = dir.resolve("data");
        Path cloudDir = Files.createDirectories(dir.resolve("cloud"));
        Process cloud = Qualify.start(cloudDir, "cloud", "start", "--data-dir", data.toString(), "--port", "0", "--greengrass-port", "-1");
        try {
            Qualify.awaitWhileRunning(cloud, cloudDir, Duration.ofMinutes(2),
                    () -> Files.readString(cloudDir.resolve("stdout.txt")).contains("Stop with Ctrl-C"));
            Matcher m = Pattern.compile("mqtts://localhost:(\\d+)").matcher(Files.readString(cloudDir.resolve("stdout.txt")));
            assertThat(m.find()).isTrue();
            int port = Integer.parseInt(m.group(1));
            for (int i = 0; i < 50; i++) {
                String thing = "dev" + i;
                Path out = dir.resolve("out" + i);
                StringWriter said = new StringWriter();
                int exit = new CommandLine(new CloudCommand()).setOut(new PrintWriter(said)).setErr(new PrintWriter(said))
                        .execute("thing", "create", thing, "--data-dir", data.toString(), "--out", out.toString());
                assertThat(exit).as(said.toString()).isZero();
                Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(thing).serverHost("localhost").serverPort(port)
                        .sslConfig(tls(out)).buildBlocking();
                assertThat(c.connect().getReasonCode()).as("connect %d right after thing create", i).isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
                c.disconnect();
            }
        } finally {
            cloud.destroy();
            if (!cloud.waitFor(30, TimeUnit.SECONDS)) cloud.destroyForcibly();
        }
    }

    private static MqttClientSslConfig tls(Path out) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("device", Pem.privateKey(Files.readString(out.resolve("private.pem.key"))), "x".toCharArray(),
                new Certificate[]{Pem.certificate(Files.readString(out.resolve("certificate.pem.crt")))});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", Pem.certificate(Files.readString(out.resolve("root-ca.pem"))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return MqttClientSslConfig.builder().keyManagerFactory(kmf).trustManagerFactory(tmf).build();
    }
}
