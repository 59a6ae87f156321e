package dev.qualify.distribution;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qualify.api.cloud.Cloud;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.cloud.CoreDevice;
import dev.qualify.api.cloud.GreengrassCores;
import dev.qualify.api.support.ClientTls;
import dev.qualify.cloud.aws.AwsIotConnection;
import dev.qualify.cloud.aws.AwsIotSettings;
import dev.qualify.cloud.ca.Pem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.ThingAttribute;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Greengrass core devices from {@code cloud: {type: aws-iot}} against {@code qualify cloud start --control-port}
 * (the emulated cloud's IoT REST API and credentials provider, reached with the AWS SDK and the credentials it wrote):
 * a core's thing, certificate, policy and role alias, listed through the SDK; AWS credentials for the core's
 * certificate through its role alias; all four deleted at close; the role alias deleted by {@code qualify cloud
 * cleanup --run} after a kill -9; a token-exchange role that is not an IAM role ARN exits 2 naming the key.
 */
class AwsIotGreengrassCoreTypeIT {
    static final String ROLE = "arn:aws:iam::000000000000:role/GreengrassV2TokenExchangeRole";

    @TempDir
    Path dir;
    ControlPlaneCloud cloud;
    Path cloudDir;
    int controlPort;

    @BeforeEach
    void startCloud() throws Exception {
        cloud = ControlPlaneCloud.start(dir);
        cloudDir = cloud.dir();
        controlPort = cloud.controlPort();
    }

    @AfterEach
    void stopCloud() throws Exception {
        cloud.close();
    }

    /** The emulated account, as a config's {@code cloud:} section names it, with the token-exchange role. */
    Map<String, Object> settings() {
        Path data = cloudDir.resolve("data");
        Map<String, Object> s = new HashMap<>(Map.of("region", "us-east-1", "credentials", "profile", "profile", "qualify-cloud",
                "credentialsFile", data.resolve("control-plane/credentials").toString(),
                "endpoint", "https://localhost:" + controlPort, "ca", data.resolve("ca/root-ca.pem").toString()));
        s.put("tokenExchangeRoleArn", ROLE);
        return s;
    }

    AwsIotConnection account() {
        return AwsIotConnection.open(AwsIotSettings.from(settings()));
    }

    List<String> things() {
        try (AwsIotConnection c = account()) {
            return c.iot().listThingsPaginator(b -> b.maxResults(100)).things().stream().map(ThingAttribute::thingName).toList();
        }
    }

    List<String> roleAliases() {
        try (AwsIotConnection c = account()) {
            return c.iot().listRoleAliasesPaginator(b -> b.pageSize(100)).roleAliases().stream().toList();
        }
    }

    static CloudProvider provider() {
        return ServiceLoader.load(CloudProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("aws-iot")).findFirst().orElseThrow();
    }

    @Test
    void aCoresThingCertificatePolicyAndRoleAliasAreListedThroughTheSdkItGetsCredentialsAndCloseDeletesAllFour() throws Exception {
        Cloud aws = provider().start(settings(), dir.resolve("run-1").resolve("work").resolve("cloud-a1b2c3d4"));
        CoreDevice core = aws.unwrap(GreengrassCores.class).orElseThrow().provision("gg-1");
        String policy = core.thingName() + "-policy";
        String certificate;
        try (AwsIotConnection c = account()) {
            assertThat(things()).containsExactly(core.thingName());
            assertThat(roleAliases()).containsExactly(core.roleAlias());
            assertThat(c.iot().describeRoleAlias(b -> b.roleAlias(core.roleAlias())).roleAliasDescription().roleArn()).isEqualTo(ROLE);
            String certArn = c.iot().listThingPrincipals(b -> b.thingName(core.thingName())).principals().get(0);
            certificate = certArn.substring(certArn.indexOf(":cert/") + ":cert/".length());
            assertThat(c.iot().listAttachedPolicies(b -> b.target(certArn)).policies()).extracting(p -> p.policyName()).containsExactly(policy);
            assertThat(c.iot().getPolicy(b -> b.policyName(policy)).policyDocument()).contains("iot:AssumeRoleWithCertificate");
            assertThat(c.iot().describeEndpoint(b -> b.endpointType("iot:CredentialProvider")).endpointAddress())
                    .isEqualTo(core.credentialsEndpoint().host() + ":" + core.credentialsEndpoint().port());
        }

        var creds = core.credentials();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ClientTls.context(
                List.of(Pem.certificate(creds.rootCaPem())), Pem.privateKey(creds.privateKeyPem()), List.of(Pem.certificate(creds.certificatePem())))).build();
        URI uri = URI.create("https://" + core.credentialsEndpoint().host() + ":" + core.credentialsEndpoint().port()
                + "/role-aliases/" + core.roleAlias() + "/credentials");
        HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(uri).header("x-amzn-iot-thingname", core.thingName()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(tokens.body()).path("credentials").path("sessionToken").asText()).isNotEmpty();

        aws.close();
        assertThat(things()).as("things left").isEmpty();
        assertThat(roleAliases()).as("role aliases left").isEmpty();
        try (AwsIotConnection c = account()) {
            assertThatThrownBy(() -> c.iot().getPolicy(b -> b.policyName(policy))).as("policy left").isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> c.iot().describeCertificate(b -> b.certificateId(certificate)))
                    .as("certificate left").isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void afterKill9QualifyCloudCleanupRunDeletesTheCoresRoleAliasWithTheRest() throws Exception {
        Path run = dir.resolve("run-2");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ProvisionCoreAndWait.class.getName(),
                new ObjectMapper().writeValueAsString(settings()), run.resolve("work").resolve("cloud-c0ffee00").toString(), "gg-1")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.contains("PROVISIONED")) seen.append(line).append('\n');
        assertThat(line).as(seen.toString()).isNotNull();
        p.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(roleAliases()).as("kill -9 left the role alias").containsExactly("qualify-c0ffee00-gg-1-TokenExchangeRoleAlias");

        Path cleanupDir = Files.createDirectories(dir.resolve("cleanup"));
        Qualify.Result r = Qualify.run(cleanupDir, "cloud", "cleanup", "--run", run.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("deleted        roleAlias qualify-c0ffee00-gg-1-TokenExchangeRoleAlias",
                "deleted        thing qualify-c0ffee00-gg-1", "deleted        policy qualify-c0ffee00-gg-1-policy", "Nothing is left.");
        assertThat(roleAliases()).isEmpty();
        assertThat(things()).isEmpty();
    }

    @Test
    void aTokenExchangeRoleThatIsNotAnIamRoleArnExitsTwoNamingTheKeyBeforeAnyDevice() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Path data = cloudDir.resolve("data");
        Files.writeString(config, Files.readString(config) + "cloud:\n  type: aws-iot\n  region: us-east-1\n  credentials: profile\n"
                + "  profile: qualify-cloud\n  credentialsFile: \"" + data.resolve("control-plane/credentials") + "\"\n"
                + "  endpoint: \"https://localhost:" + controlPort + "\"\n  ca: \"" + data.resolve("ca/root-ca.pem") + "\"\n"
                + "  tokenExchangeRoleArn: GreengrassV2TokenExchangeRole\n");
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(2);
        assertThat(r.stderr()).contains("cloud.tokenExchangeRoleArn must be an IAM role ARN", "GreengrassV2TokenExchangeRole");
        assertThat(dir.resolve("results")).doesNotExist();
    }
}
