package dev.qualify.testkit;

import dev.qualify.api.cloud.AuditTrail;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryCloudTest {
    @Test
    void provisionsThingsWithPemCredentialsAndRemembersThem() {
        InMemoryCloud cloud = new InMemoryCloud();
        DeviceCredentials c = cloud.provisionThing("board-1");
        assertThat(c.thingName()).isEqualTo("board-1");
        assertThat(c.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(c.toString()).doesNotContain(c.privateKeyPem());
        assertThat(c.endpoint()).isEqualTo(cloud.mqttEndpoint());
        cloud.provisionThing("board-2");
        assertThat(cloud.things()).containsExactly("board-1", "board-2");
        assertThat(cloud.type()).isEqualTo("in-memory");
    }

    @Test
    void capabilitiesAndAuditFindingsAreWhatTheTestSays() {
        InMemoryCloud cloud = new InMemoryCloud(new Endpoint("127.0.0.1", 1), Set.of(CloudCapability.SHADOW));
        assertThat(cloud.capabilities()).containsExactly(CloudCapability.SHADOW);
        cloud.addFinding("DEVICE_CERTIFICATE_SHARED", "board-1", "two devices use one certificate");
        assertThat(cloud.unwrap(AuditTrail.class)).get().satisfies(a ->
                assertThat(a.auditFindings()).singleElement().satisfies(f -> assertThat(f.subject()).isEqualTo("board-1")));
    }

    @Test
    void aClosedCloudRefusesWork() {
        InMemoryCloud cloud = new InMemoryCloud();
        cloud.close();
        assertThat(cloud.isClosed()).isTrue();
        assertThatThrownBy(() -> cloud.provisionThing("x")).isInstanceOf(CloudException.class);
    }
}
