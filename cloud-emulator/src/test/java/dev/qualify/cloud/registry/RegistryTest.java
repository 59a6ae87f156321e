package dev.qualify.cloud.registry;

import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.policy.DefaultPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryTest {
    @TempDir
    Path dir;

    @Test
    void contentSurvivesReopening() {
        Registry r = Registry.open(dir);
        r.createThing("t1", Map.of("model", "x"));
        r.registerCertificate("c1", "PEM", CertificateStatus.ACTIVE);
        r.attachThing("c1", "t1");
        r.putPolicy("p", DefaultPolicies.documentFor("t1", Arns.DEFAULT));
        r.attachPolicy("p", "c1");
        Registry again = Registry.open(dir);
        assertThat(again.thing("t1")).hasValueSatisfying(t -> assertThat(t.attributes()).containsEntry("model", "x"));
        assertThat(again.certificatesOfThing("t1")).extracting(CertificateRecord::id).containsExactly("c1");
        assertThat(again.policiesOf("c1")).hasSize(1);
    }

    @Test
    void anotherInstanceSeesChangesAfterRefreshAndListenersAreTold() {
        Registry broker = Registry.open(dir);
        broker.createThing("t1", Map.of());
        broker.registerCertificate("c1", "PEM", CertificateStatus.ACTIVE);
        AtomicInteger changes = new AtomicInteger();
        broker.addListener(changes::incrementAndGet);
        Registry cli = Registry.open(dir);
        cli.setStatus("c1", CertificateStatus.REVOKED);
        assertThat(broker.refresh()).isTrue();
        assertThat(broker.certificate("c1").orElseThrow().status()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(changes).hasValue(1);
        assertThat(broker.refresh()).isFalse();
    }

    @Test
    void invalidNamesAndUnknownReferencesAreRefused() {
        Registry r = Registry.open(dir);
        assertThatThrownBy(() -> r.createThing("bad name", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.setStatus("nope", CertificateStatus.ACTIVE)).hasMessageContaining("no such certificate");
        assertThatThrownBy(() -> r.putPolicy("p", "not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
