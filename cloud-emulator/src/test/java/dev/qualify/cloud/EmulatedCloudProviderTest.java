package dev.qualify.cloud;

import dev.qualify.api.cloud.AuditTrail;
import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.cloud.DeviceCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmulatedCloudProviderTest {
    @TempDir
    Path dir;

    private static CloudProvider provider() {
        return ServiceLoader.load(CloudProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("emulated")).findFirst().orElseThrow();
    }

    @Test
    void startsOnLoopbackWithAFreshCaAndProvisionsThings() {
        try (Cloud cloud = provider().start(Map.of(), dir)) {
            assertThat(cloud.type()).isEqualTo("emulated");
            assertThat(cloud.mqttEndpoint().host()).isEqualTo("127.0.0.1");
            assertThat(cloud.mqttEndpoint().port()).isPositive();
            assertThat(cloud.capabilities()).contains(CloudCapability.SHADOW, CloudCapability.JOBS, CloudCapability.FAULT_INJECTION);
            DeviceCredentials c = cloud.provisionThing("dev1");
            assertThat(c.toString()).doesNotContain("PRIVATE KEY");
            assertThat(c.privateKeyPem()).contains("PRIVATE KEY");
            assertThat(cloud.unwrap(EmulatedCloud.class)).isPresent();
            assertThat(cloud.unwrap(EmulatedCloud.class).orElseThrow().plainEndpoint()).isEmpty();
            assertThat(Files.exists(dir.resolve("ca/root-ca.pem"))).isTrue();
            assertThat(cloud.unwrap(AuditTrail.class).orElseThrow().auditFindings()).isEmpty();
        }
    }

    @Test
    void unknownSettingsAndBusyPortsAreCloudErrors() throws Exception {
        assertThatThrownBy(() -> provider().start(Map.of("prot", 1), dir)).isInstanceOf(CloudException.class)
                .hasMessageContaining("prot");
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> provider().start(Map.of("port", busy.getLocalPort()), dir)).isInstanceOf(CloudException.class);
        }
    }

    @Test
    void minKeepAliveSecondsSettingSetsTheBrokersKeepAliveRange() {
        EmulatedCloudConfig c = EmulatedCloudConfig.fromSettings(Map.of("minKeepAliveSeconds", 30), dir);
        assertThat(c.limits().keepAliveFor(5)).isEqualTo(30);
        assertThat(c.limits().keepAliveFor(60)).isEqualTo(60);
        assertThat(c.limits().keepAliveFor(0)).isEqualTo(1200);
        assertThat(EmulatedCloudConfig.fromSettings(Map.of(), dir).limits().keepAliveFor(1)).isEqualTo(1);
        assertThatThrownBy(() -> EmulatedCloudConfig.fromSettings(Map.of("minKeepAliveSeconds", 5000), dir))
                .isInstanceOf(CloudException.class).hasMessageContaining("minKeepAliveSeconds");
    }

    @Test
    void overlyPermissivePolicyIsAnAuditFinding() {
        try (Cloud cloud = provider().start(Map.of("dataDir", dir.resolve("d").toString()), dir)) {
            EmulatedCloud e = cloud.unwrap(EmulatedCloud.class).orElseThrow();
            e.registry().putPolicy("wide", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}]}");
            assertThat(cloud.unwrap(AuditTrail.class).orElseThrow().auditFindings()).anySatisfy(f -> {
                assertThat(f.check()).isEqualTo("OVERLY_PERMISSIVE_POLICY");
                assertThat(f.subject()).isEqualTo("wide");
            });
            assertThat(Files.exists(dir.resolve("d/registry.json"))).isTrue();
        }
    }

    @Test
    void plainListenerAndUserGivenCaFromSettings() throws Exception {
        dev.qualify.cloud.ca.CertificateAuthority mine = dev.qualify.cloud.ca.CertificateAuthority.generate("my CA");
        Path caDir = dir.resolve("my-ca");
        mine.save(caDir);
        Map<String, Object> settings = Map.of("plainPort", 0, "dataDir", dir.resolve("d2").toString(),
                "caCertificate", caDir.resolve("root-ca.pem").toString(), "caKey", caDir.resolve("root-ca.key").toString());
        try (Cloud cloud = provider().start(settings, dir)) {
            EmulatedCloud e = cloud.unwrap(EmulatedCloud.class).orElseThrow();
            assertThat(e.plainEndpoint()).hasValueSatisfying(p -> assertThat(p.host()).isEqualTo("127.0.0.1"));
            assertThat(e.rootCaPem()).isEqualTo(mine.certificatePem());
            assertThat(cloud.provisionThing("t").rootCaPem()).isEqualTo(mine.certificatePem());
        }
        assertThatThrownBy(() -> provider().start(Map.of("caCertificate", "x.pem"), dir)).isInstanceOf(CloudException.class)
                .hasMessageContaining("together");
    }
}
