package dev.qualify.cloud.rest;

import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.EmulatedCloudConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each operation must be signed for its own service, as AWS checks the credential scope: Greengrass V2 for
 * {@code greengrass}, IoT for {@code iot}; a request signed for the other one is refused with 403.
 */
class ControlPlaneSigningNameIT {
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    ControlPlane cp;

    @BeforeEach
    void start() {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir).withControlPort(0));
        cp = cloud.controlPlane().orElseThrow();
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void greengrassOperationsNeedTheGreengrassSigningNameAndIotOperationsTheIotOne() throws Exception {
        assertThat(RawHttps.signed(cloud, cp, "GET", "/greengrass/v2/components", "", "greengrass").status()).isEqualTo(200);
        assertThat(RawHttps.signed(cloud, cp, "GET", "/thing-groups", "", "iot").status()).isEqualTo(200);

        RawHttps.Response wrong = RawHttps.signed(cloud, cp, "GET", "/greengrass/v2/components", "", "iot");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.header("x-amzn-ErrorType")).contains("InvalidSignatureException");
        assertThat(wrong.json().path("message").asText()).contains("'greengrass'");
        RawHttps.Response other = RawHttps.signed(cloud, cp, "GET", "/things", "", "greengrass");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.json().path("message").asText()).contains("'iot'");
    }
}
