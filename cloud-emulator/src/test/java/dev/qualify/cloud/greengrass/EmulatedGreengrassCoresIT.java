package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.api.cloud.CoreDevice;
import dev.qualify.api.cloud.GreengrassCores;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.EmulatedCloudConfig;
import dev.qualify.cloud.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link GreengrassCores} on the emulated cloud: a thing and a role alias the credentials provider serves it through. */
class EmulatedGreengrassCoresIT {
    @TempDir
    Path dir;

    @Test
    void aCoreGetsAThingAndARoleAliasWhoseCredentialsItsCertificateFetches() throws Exception {
        try (EmulatedCloud cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir))) {
            CoreDevice core = cloud.unwrap(GreengrassCores.class).orElseThrow().provision("core-1");
            assertThat(core.thingName()).isEqualTo("core-1");
            assertThat(core.roleAlias()).isEqualTo("core-1-TokenExchangeRoleAlias");
            assertThat(core.credentialsEndpoint()).isEqualTo(cloud.greengrassEndpoint().orElseThrow());
            assertThat(core.credentials().endpoint()).isEqualTo(cloud.mqttEndpoint());
            assertThat(cloud.registry().certificatesOfThing("core-1")).hasSize(1);
            assertThat(cloud.greengrass().service().roleAlias(core.roleAlias())).hasValueSatisfying(r ->
                    assertThat(r.roleArn()).isEqualTo("arn:aws:iam::000000000000:role/GreengrassV2TokenExchangeRole"));

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(TestTls.sslContext(core.credentials())).build();
            HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + core.credentialsEndpoint().port()
                    + "/role-aliases/" + core.roleAlias() + "/credentials")).header("x-amzn-iot-thingname", core.thingName()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(tokens.body()).path("credentials").path("accessKeyId").asText()).startsWith("ASIA");
        }
    }

    @Test
    void withoutGreengrassTheCloudOffersNoCores() {
        try (EmulatedCloud cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir).withGreengrassPort(-1))) {
            assertThat(cloud.unwrap(GreengrassCores.class)).isEmpty();
        }
    }
}
