package dev.qualify.cloud;

import dev.qualify.cloud.ca.Pem;
import dev.qualify.cloud.registry.CertificateStatus;
import dev.qualify.api.cloud.DeviceCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stock mosquitto_pub and mosquitto_sub over mutual TLS, verifying the server name (no --insecure). */
class MosquittoClientsIT {
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    Path certs;
    int port;

    @BeforeEach
    void start() throws Exception {
        HostTools.require("mosquitto_pub", "mosquitto-clients");
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir.resolve("data")));
        DeviceCredentials c = cloud.provisionThing("dev1");
        certs = TestTls.writeFiles(c, dir.resolve("dev1"));
        port = cloud.mqttEndpoint().port();
    }

    @AfterEach
    void stop() {
        if (cloud != null) cloud.close();
    }

    private List<String> cmd(String tool, String... args) {
        List<String> l = new ArrayList<>();
        l.add(tool);
        l.addAll(HostTools.tlsArgs(certs, port));
        l.addAll(List.of(args));
        return l;
    }

    private Process subscribe(String clientId, String... args) throws Exception {
        Process p = HostTools.start(cmd("mosquitto_sub", concat(new String[]{"-i", clientId, "-v"}, args)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> cloud.broker().session(clientId)
                .map(s -> !s.subscriptions().isEmpty()).orElse(false) || !p.isAlive());
        return p;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private HostTools.Result publish(String... args) throws Exception {
        return HostTools.run(cmd("mosquitto_pub", concat(new String[]{"-i", "dev1-pub"}, args)), 15);
    }

    @Test
    void qos0_1_2RoundTripsWithMqtt311() throws Exception {
        Process sub = subscribe("dev1-sub", "-t", "dev1/t", "-q", "2", "-C", "3", "-W", "15");
        for (int q = 0; q <= 2; q++) {
            HostTools.Result r = publish("-t", "dev1/t", "-q", String.valueOf(q), "-m", "hello-" + q);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
        HostTools.Result out = HostTools.finish(sub, 15);
        assertThat(out.stdout().lines()).containsExactly("dev1/t hello-0", "dev1/t hello-1", "dev1/t hello-2");
        assertThat(out.exitCode()).isZero();
    }

    @Test
    void qos2RoundTripWithMqtt5() throws Exception {
        Process sub = subscribe("dev1-sub5", "-V", "mqttv5", "-t", "dev1/v5", "-q", "2", "-C", "1", "-W", "15");
        HostTools.Result r = publish("-V", "mqttv5", "-t", "dev1/v5", "-q", "2", "-m", "five", "-D", "publish", "user-property", "a", "b");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(HostTools.finish(sub, 15).stdout()).contains("dev1/v5 five");
    }

    @Test
    void sharedSubscriptionSpreadsMessagesOverTwoMosquittoSubscribers() throws Exception {
        cloud.registry().putPolicy("dev1-shared", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "%s"}]}
                """.formatted(cloud.arns().topicFilter("$share/*/dev1/*")));
        cloud.registry().attachPolicy("dev1-shared", Pem.certificateId(Pem.certificate(
                java.nio.file.Files.readString(certs.resolve("certificate.pem.crt")))));
        Process a = subscribe("dev1-sa", "-V", "mqttv5", "-t", "$share/g/dev1/shared", "-q", "1", "-C", "2", "-W", "20");
        Process b = subscribe("dev1-sb", "-V", "mqttv5", "-t", "$share/g/dev1/shared", "-q", "1", "-C", "2", "-W", "20");
        for (int i = 0; i < 4; i++) {
            HostTools.Result r = publish("-V", "mqttv5", "-t", "dev1/shared", "-q", "1", "-m", "m" + i);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
        HostTools.Result outA = HostTools.finish(a, 20);
        HostTools.Result outB = HostTools.finish(b, 20);
        // two each, none twice: both exit 0 after their -C 2 messages
        assertThat(outA.exitCode()).as(outA.stderr()).isZero();
        assertThat(outB.exitCode()).as(outB.stderr()).isZero();
        List<String> all = new ArrayList<>(outA.stdout().lines().toList());
        all.addAll(outB.stdout().lines().toList());
        assertThat(all).containsExactlyInAnyOrder("dev1/shared m0", "dev1/shared m1", "dev1/shared m2", "dev1/shared m3");
    }

    @Test
    void retainedMessageIsDeliveredToALaterSubscriber() throws Exception {
        assertThat(publish("-t", "dev1/status", "-r", "-q", "1", "-m", "online").exitCode()).isZero();
        HostTools.Result out = HostTools.run(cmd("mosquitto_sub", "-i", "dev1-late", "-v", "-t", "dev1/#", "-C", "1", "-W", "10"), 15);
        assertThat(out.stdout().trim()).isEqualTo("dev1/status online");
    }

    @Test
    void wildcardSubscriptionsMatch() throws Exception {
        Process sub = subscribe("dev1-wild", "-t", "dev1/+/temp", "-C", "2", "-W", "15");
        publish("-t", "dev1/kitchen/temp", "-m", "21");
        publish("-t", "dev1/kitchen/humidity", "-m", "40");
        publish("-t", "dev1/garage/temp", "-m", "12");
        assertThat(HostTools.finish(sub, 15).stdout().lines()).containsExactly("dev1/kitchen/temp 21", "dev1/garage/temp 12");
    }

    @Test
    void subscriptionOutsideThePolicyIsDenied() throws Exception {
        HostTools.Result out = HostTools.run(cmd("mosquitto_sub", "-i", "dev1-deny", "-t", "dev2/#", "-C", "1", "-W", "5"), 10);
        assertThat(out.stdout() + out.stderr()).containsIgnoringCase("denied");
        assertThat(cloud.packetLog().packets("dev1-deny")).anySatisfy(p -> assertThat(p.codes()).containsExactly(0x80));
    }

    @Test
    void revokedCertificateIsRefused() throws Exception {
        cloud.registry().setStatus(cloud.registry().certificatesOfThing("dev1").get(0).id(), CertificateStatus.REVOKED);
        HostTools.Result r = publish("-t", "dev1/t", "-m", "x");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stderr()).containsIgnoringCase("not authori");
        assertThat(cloud.connectRefusals()).anySatisfy(x -> assertThat(x.reason()).contains("REVOKED"));
    }

    @Test
    void persistentSessionGetsQos1MessagesQueuedWhileOffline() throws Exception {
        // subscribe with clean session off, then leave
        HostTools.Result first = HostTools.run(cmd("mosquitto_sub", "-i", "dev1-persist", "-c", "-q", "1", "-t", "dev1/queue",
                "-W", "1"), 10);
        await().atMost(5, TimeUnit.SECONDS).until(() -> cloud.broker().session("dev1-persist").map(s -> !s.isConnected()).orElse(false));
        for (int i = 0; i < 3; i++) publish("-t", "dev1/queue", "-q", "1", "-m", "q" + i);
        await().atMost(5, TimeUnit.SECONDS).until(() -> cloud.broker().session("dev1-persist").orElseThrow().queuedMessages() == 3);
        HostTools.Result again = HostTools.run(cmd("mosquitto_sub", "-i", "dev1-persist", "-c", "-q", "1", "-t", "dev1/queue",
                "-v", "-C", "3", "-W", "10"), 15);
        assertThat(again.stdout().lines()).containsExactly("dev1/queue q0", "dev1/queue q1", "dev1/queue q2");
        assertThat(first.exitCode()).isNotNull();
    }

    @Test
    void brokerCertificateVerifiesAgainstTheRootCaByName() throws Exception {
        String subject = Pem.certificate(cloud.rootCaPem()).getSubjectX500Principal().getName();
        assertThat(subject).contains("Qualify");
        HostTools.Result r = publish("-t", "dev1/name", "-m", "x");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }
}
