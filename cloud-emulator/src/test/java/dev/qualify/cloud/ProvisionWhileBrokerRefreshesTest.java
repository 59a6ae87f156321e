package dev.qualify.cloud;

import dev.qualify.cloud.broker.AuthResult;
import dev.qualify.cloud.ca.CertificateAuthority;
import dev.qualify.cloud.ca.IssuedCertificate;
import dev.qualify.cloud.policy.Arns;
import dev.qualify.cloud.policy.IotAction;
import dev.qualify.cloud.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thing provisioned by one process (the CLI) is in force for the broker's registry (another instance on the same
 * data dir) the moment provisioning returns, even while the broker keeps re-reading the file in the middle of it.
 */
class ProvisionWhileBrokerRefreshesTest {
    @TempDir
    Path dir;

    @Test
    void aConnectRightAfterProvisioningIsAuthorisedWhileTheBrokerRefreshesConcurrently() throws Exception {
        Registry broker = Registry.open(dir);
        RegistryAccessControl access = new RegistryAccessControl(broker, Arns.DEFAULT);
        AtomicBoolean stop = new AtomicBoolean();
        Thread housekeeping = new Thread(() -> {
            while (!stop.get()) broker.refresh();
        });
        housekeeping.start();
        try {
            CertificateAuthority ca = CertificateAuthority.generate("test");
            for (int i = 0; i < 50; i++) {
                Registry cli = Registry.open(dir); // a fresh "process" each time, as qualify cloud thing create is
                IssuedCertificate cert = new Provisioning(ca, cli, Arns.DEFAULT).provisionThing("t" + i);
                AuthResult auth = access.authenticate(cert.certificate(), "t" + i);
                assertThat(auth.isAccepted()).as("t%d: %s", i, auth.refusal()).isTrue();
                assertThat(access.isAllowed(auth.principal(), IotAction.CONNECT, "t" + i)).as("t%d may connect", i).isTrue();
            }
        } finally {
            stop.set(true);
            housekeeping.join();
        }
    }

    @Test
    void aCertificateRevokedByAnotherProcessIsRefusedAtTheVeryNextConnect() throws Exception {
        Registry broker = Registry.open(dir);
        RegistryAccessControl access = new RegistryAccessControl(broker, Arns.DEFAULT);
        CertificateAuthority ca = CertificateAuthority.generate("test");
        for (int i = 0; i < 50; i++) {
            Registry cli = Registry.open(dir);
            IssuedCertificate cert = new Provisioning(ca, cli, Arns.DEFAULT).provisionThing("r" + i);
            assertThat(access.authenticate(cert.certificate(), "r" + i).isAccepted()).as("r%d before", i).isTrue();
            Registry.open(dir).setStatus(dev.qualify.cloud.ca.Pem.certificateId(cert.certificate()),
                    dev.qualify.cloud.registry.CertificateStatus.REVOKED); // qualify cloud cert revoke, another process
            AuthResult after = access.authenticate(cert.certificate(), "r" + i);
            assertThat(after.isAccepted()).as("r%d right after the revoke", i).isFalse();
            assertThat(after.refusal()).contains("REVOKED");
        }
    }
}
