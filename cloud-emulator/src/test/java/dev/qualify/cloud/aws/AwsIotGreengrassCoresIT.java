package dev.qualify.cloud.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudException;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.cloud.CoreDevice;
import dev.qualify.api.cloud.GreengrassCores;
import dev.qualify.api.spi.CommandProvider;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.EmulatedCloudConfig;
import dev.qualify.cloud.TestTls;
import dev.qualify.cloud.rest.ControlPlaneCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.ThingAttribute;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Greengrass core devices ({@link GreengrassCores}) from {@code cloud.type: aws-iot}, through the real AWS SDK against
 * the emulated cloud's IoT REST control plane: thing, certificate, policy and token-exchange role alias are created,
 * journaled and listed through the SDK; the core's certificate gets AWS credentials from the credentials provider
 * through its role alias; close, {@code cloud cleanup --run} after kill -9 and {@code cloud cleanup --older-than}
 * delete the role alias with the rest; a missing or malformed token-exchange role is named.
 */
class AwsIotGreengrassCoresIT {
    static final String ROLE = "arn:aws:iam::000000000000:role/GreengrassV2TokenExchangeRole";

    @TempDir
    Path dir;
    EmulatedCloud emulator;
    AwsIotConnection sdk;

    @BeforeEach
    void start() {
        emulator = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir.resolve("emulator")).withControlPort(0));
        sdk = AwsIotConnection.open(AwsIotSettings.from(settings()));
    }

    @AfterEach
    void stop() {
        sdk.close();
        emulator.close();
    }

    Map<String, Object> settings() {
        Map<String, Object> s = EmulatedAccount.settings(emulator, dir.resolve("emulator"));
        s.put("tokenExchangeRoleArn", ROLE);
        return s;
    }

    static CloudProvider provider() {
        return EmulatedAccount.provider();
    }

    IotClient iot() {
        return sdk.iot();
    }

    List<String> things() {
        return iot().listThingsPaginator(r -> r.maxResults(100)).things().stream().map(ThingAttribute::thingName).toList();
    }

    List<String> roleAliases() {
        return iot().listRoleAliasesPaginator(r -> r.pageSize(100)).roleAliases().stream().toList();
    }

    int cli(StringWriter out, String... args) {
        Object cmd = ServiceLoader.load(CommandProvider.class).stream().map(ServiceLoader.Provider::get).findFirst().orElseThrow().newCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    HttpResponse<String> credentials(CoreDevice core) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(TestTls.sslContext(core.credentials())).build();
        URI uri = URI.create("https://localhost:" + core.credentialsEndpoint().port() + "/role-aliases/" + core.roleAlias() + "/credentials");
        return http.send(HttpRequest.newBuilder(uri).header("x-amzn-iot-thingname", core.thingName()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCoreGetsThingCertificatePolicyAndRoleAliasItsCertificateGetsCredentialsAndCloseDeletesAllFour() throws Exception {
        List<String> notes = new CopyOnWriteArrayList<>();
        Cloud cloud = provider().start(settings(), dir.resolve("run-1").resolve("cloud-a1b2c3d4"), dir, notes::add);
        CoreDevice core = cloud.unwrap(GreengrassCores.class).orElseThrow().provision("gg-1");

        assertThat(core.thingName()).isEqualTo("qualify-a1b2c3d4-gg-1");
        assertThat(core.roleAlias()).isEqualTo("qualify-a1b2c3d4-gg-1-TokenExchangeRoleAlias");
        assertThat(core.credentials().endpoint()).as("the data endpoint").isEqualTo(emulator.mqttEndpoint());
        assertThat(core.credentialsEndpoint()).as("DescribeEndpoint iot:CredentialProvider").isEqualTo(emulator.greengrassEndpoint().orElseThrow());
        assertThat(core.credentials().rootCaPem()).isEqualTo(emulator.rootCaPem());
        assertThat(core.toString()).doesNotContain("PRIVATE KEY");

        assertThat(things()).containsExactly(core.thingName());
        assertThat(roleAliases()).containsExactly(core.roleAlias());
        var alias = iot().describeRoleAlias(r -> r.roleAlias(core.roleAlias())).roleAliasDescription();
        assertThat(alias.roleArn()).isEqualTo(ROLE);
        List<String> principals = iot().listThingPrincipals(r -> r.thingName(core.thingName())).principals();
        assertThat(principals).hasSize(1);
        String certificate = principals.get(0).substring(principals.get(0).indexOf(":cert/") + ":cert/".length());
        assertThat(iot().listAttachedPolicies(r -> r.target(principals.get(0))).policies()).extracting(p -> p.policyName())
                .containsExactly(core.thingName() + "-policy");
        JsonNode policy = new ObjectMapper().readTree(iot().getPolicy(r -> r.policyName(core.thingName() + "-policy")).policyDocument());
        assertThat(policy.get("Statement")).as("the nucleus may assume the role through its own alias only").anySatisfy(st -> {
            assertThat(st.get("Action").asText()).isEqualTo("iot:AssumeRoleWithCertificate");
            assertThat(st.get("Resource").asText()).isEqualTo(alias.roleAliasArn());
        });
        assertThat(notes).containsExactly(
                "aws-iot: created thing qualify-a1b2c3d4-gg-1 (aws-iot-resources.jsonl)",
                "aws-iot: created certificate " + certificate + " (aws-iot-resources.jsonl)",
                "aws-iot: created roleAlias qualify-a1b2c3d4-gg-1-TokenExchangeRoleAlias (aws-iot-resources.jsonl)",
                "aws-iot: created policy qualify-a1b2c3d4-gg-1-policy (aws-iot-resources.jsonl)");

        HttpResponse<String> tokens = credentials(core);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(tokens.body()).path("credentials").path("accessKeyId").asText()).startsWith("ASIA");

        cloud.close();
        AwsIotCloud aws = (AwsIotCloud) cloud;
        assertThat(aws.lastCleanup().clean()).isTrue();
        assertThat(aws.lastCleanup().deleted()).extracting(CloudResource::kind)
                .containsExactlyInAnyOrder("thing", "certificate", "policy", "roleAlias");
        assertThat(notes).last().asString().startsWith("aws-iot: deleted ").contains("roleAlias " + core.roleAlias());
        assertThat(things()).isEmpty();
        assertThat(roleAliases()).isEmpty();
        assertThatThrownBy(() -> iot().getPolicy(r -> r.policyName(core.thingName() + "-policy"))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot().describeCertificate(r -> r.certificateId(certificate))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(ResourceLedger.read(aws.ledgerFile()).outstanding()).isEmpty();
    }

    @Test
    void afterKill9CleanupFromTheRunDirDeletesTheRoleAliasWithTheRest() throws Exception {
        Path run = dir.resolve("run-2");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProvisionAndWait.class.getName(),
                new ObjectMapper().writeValueAsString(settings()), run.resolve("cloud-c0ffee00").toString(), "core:gg-1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null && !line.contains("PROVISIONED")) seen.append(line).append('\n');
        assertThat(line).as(seen.toString()).isNotNull();
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(roleAliases()).containsExactly("qualify-c0ffee00-gg-1-TokenExchangeRoleAlias");

        StringWriter out = new StringWriter();
        assertThat(cli(out, "cleanup", "--run", run.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("4 resource(s) recorded", "deleted        roleAlias qualify-c0ffee00-gg-1-TokenExchangeRoleAlias",
                "deleted        thing qualify-c0ffee00-gg-1", "Nothing is left.");
        assertThat(roleAliases()).isEmpty();
        assertThat(things()).isEmpty();
    }

    @Test
    void cleanupOlderThanDeletesPrefixedRoleAliasesAndLeavesOthers() throws Exception {
        iot().createRoleAlias(b -> b.roleAlias("not-ours-TokenExchangeRoleAlias").roleArn(ROLE));
        try (Cloud cloud = provider().start(settings(), dir.resolve("run-3").resolve("cloud-55667788"))) {
            cloud.unwrap(GreengrassCores.class).orElseThrow().provision("gg-1");
            Thread.sleep(1_500);
            StringWriter out = new StringWriter();
            Map<String, Object> s = settings();
            int exit = cli(out, "cleanup", "--older-than", "1s", "--prefix", "qualify-", "--region", "us-east-1",
                    "--credentials", "profile", "--profile", ControlPlaneCredentials.PROFILE, "--credentials-file", s.get("credentialsFile").toString(),
                    "--endpoint", s.get("endpoint").toString(), "--ca", s.get("ca").toString());
            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString()).contains("4 resource(s) found", "deleted        roleAlias qualify-55667788-gg-1-TokenExchangeRoleAlias");
            assertThat(roleAliases()).containsExactly("not-ours-TokenExchangeRoleAlias");
            assertThat(things()).isEmpty();
        }
    }

    @Test
    void aCoreWithoutATokenExchangeRoleIsRefusedNamingTheSettingBeforeAnythingIsCreated() {
        Map<String, Object> s = settings();
        s.remove("tokenExchangeRoleArn");
        try (Cloud cloud = provider().start(s, dir.resolve("run-4").resolve("cloud-99aa99aa"))) {
            assertThat(cloud.provisionThing("vb-1").thingName()).as("plain things need no role").isEqualTo("qualify-99aa99aa-vb-1");
            assertThatThrownBy(() -> cloud.unwrap(GreengrassCores.class).orElseThrow().provision("gg-1"))
                    .isInstanceOf(CloudException.class).hasMessageContaining("cloud.tokenExchangeRoleArn is required");
            assertThat(things()).containsExactly("qualify-99aa99aa-vb-1");
            assertThat(roleAliases()).isEmpty();
        }
    }

    @Test
    void aTokenExchangeRoleThatIsNotAnIamRoleArnIsASettingsErrorNamingIt() {
        Map<String, Object> s = settings();
        s.put("tokenExchangeRoleArn", "GreengrassV2TokenExchangeRole");
        assertThatThrownBy(() -> provider().validate(s)).isInstanceOf(CloudException.class)
                .hasMessageContaining("cloud.tokenExchangeRoleArn must be an IAM role ARN").hasMessageContaining("GreengrassV2TokenExchangeRole");
    }
}
