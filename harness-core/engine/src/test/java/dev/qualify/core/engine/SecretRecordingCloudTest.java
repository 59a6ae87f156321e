package dev.qualify.core.engine;

import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CoreDevice;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import dev.qualify.api.cloud.GreengrassCores;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The run's cloud tells the secret mask the key and password of every credentials it hands out. */
class SecretRecordingCloudTest {
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
            + "kQ7bW2y1cX0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456\n-----END PRIVATE KEY-----\n";

    private static class OneThing implements Cloud {
        @Override public String type() { return "mqtt"; }
        @Override public Endpoint mqttEndpoint() { return new Endpoint("broker", 8883); }
        @Override public Set<CloudCapability> capabilities() { return Set.of(); }
        @Override public DeviceCredentials provisionThing(String thingName) {
            return new DeviceCredentials(thingName, "CERT", KEY, "CA", mqttEndpoint(), "lab", "Broker-Passw0rd");
        }
        @Override public void close() { }
    }

    @Test
    void everyLineOfTheKeyBodyAndThePasswordAreMaskedOnceHandedOut() {
        SecretMask mask = new SecretMask();
        Cloud cloud = new SecretRecordingCloud(new OneThing(), mask::add);
        String log = "key line MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg and kQ7bW2y1cX0aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456,"
                + " password Broker-Passw0rd";
        assertThat(mask.mask(log)).isEqualTo(log);
        cloud.provisionThing("board-1");
        assertThat(mask.mask(log)).doesNotContain("MIGHAgEAMBMG").doesNotContain("kQ7bW2y1").doesNotContain("Broker-Passw0rd")
                .startsWith("key line ");
        assertThat(cloud.unwrap(OneThing.class)).isPresent();
    }

    private static final class WithCores extends OneThing implements GreengrassCores {
        @Override public CoreDevice provision(String deviceId) {
            return new CoreDevice(provisionThing(deviceId), new Endpoint("credentials", 443), deviceId + "-TokenExchangeRoleAlias");
        }
    }

    @Test
    void theKeyOfACoreDeviceIsMaskedOnceHandedOutThroughTheUnwrappedView() {
        SecretMask mask = new SecretMask();
        Cloud cloud = new SecretRecordingCloud(new WithCores(), mask::add);
        String log = "key line MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg";
        CoreDevice core = cloud.unwrap(GreengrassCores.class).orElseThrow().provision("gg-1");
        assertThat(core.roleAlias()).isEqualTo("gg-1-TokenExchangeRoleAlias");
        assertThat(mask.mask(log)).doesNotContain("MIGHAgEAMBMG").startsWith("key line ");
        assertThat(new SecretRecordingCloud(new OneThing(), mask::add).unwrap(GreengrassCores.class)).as("a cloud without cores").isEmpty();
    }
}
