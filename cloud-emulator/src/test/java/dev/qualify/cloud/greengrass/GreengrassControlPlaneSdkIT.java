package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.EmulatedCloudConfig;
import dev.qualify.cloud.rest.ControlPlane;
import dev.qualify.cloud.rest.SdkClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.greengrassv2.GreengrassV2Client;
import software.amazon.awssdk.services.greengrassv2.model.CloudComponentState;
import software.amazon.awssdk.services.greengrassv2.model.ComponentDeploymentSpecification;
import software.amazon.awssdk.services.greengrassv2.model.ConflictException;
import software.amazon.awssdk.services.greengrassv2.model.CoreDeviceStatus;
import software.amazon.awssdk.services.greengrassv2.model.CreateComponentVersionResponse;
import software.amazon.awssdk.services.greengrassv2.model.CreateDeploymentResponse;
import software.amazon.awssdk.services.greengrassv2.model.DeploymentFailureHandlingPolicy;
import software.amazon.awssdk.services.greengrassv2.model.DeploymentHistoryFilter;
import software.amazon.awssdk.services.greengrassv2.model.DeploymentStatus;
import software.amazon.awssdk.services.greengrassv2.model.EffectiveDeploymentExecutionStatus;
import software.amazon.awssdk.services.greengrassv2.model.GetDeploymentResponse;
import software.amazon.awssdk.services.greengrassv2.model.GreengrassV2Exception;
import software.amazon.awssdk.services.greengrassv2.model.RecipeOutputFormat;
import software.amazon.awssdk.services.greengrassv2.model.ValidationException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Greengrass V2 driven through the control plane by the real AWS SDK for Java v2 {@code greengrassv2} and
 * {@code iot} clients (endpoint override, the cloud's credentials, a trust store holding only the cloud's CA),
 * with a device speaking the nucleus' protocol (MQTT 5 over mutual TLS, the data plane) on the other end.
 */
class GreengrassControlPlaneSdkIT {
    static final String RECIPE = """
            RecipeFormatVersion: "2020-01-25"
            ComponentName: com.example.Sdk
            ComponentVersion: "%s"
            ComponentPublisher: Qualify
            ComponentDescription: deployed through the SDK
            ComponentConfiguration:
              DefaultConfiguration:
                Message: hello
            Manifests:
              - Platform:
                  os: linux
                Lifecycle:
                  Run: "echo {configuration:/Message}"
            """;

    @TempDir
    Path dir;
    EmulatedCloud cloud;
    ControlPlane cp;
    SdkHttpClient http;

    @BeforeEach
    void start() throws Exception {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir).withControlPort(0));
        cp = cloud.controlPlane().orElseThrow();
        http = SdkClients.http(cloud);
    }

    @AfterEach
    void stop() {
        http.close();
        cloud.close();
    }

    private URI endpoint() {
        return SdkClients.endpoint(cp);
    }

    private AwsCredentialsProvider credentials() {
        return SdkClients.credentials(cp);
    }

    private GreengrassV2Client greengrass(AwsCredentialsProvider creds) {
        return GreengrassV2Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).credentialsProvider(creds).httpClient(http).build();
    }

    private IotClient iot() {
        return IotClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials()).httpClient(http).build();
    }

    private static SdkBytes recipe(String version) {
        return SdkBytes.fromString(RECIPE.formatted(version), StandardCharsets.UTF_8);
    }

    @Test
    void sdkDeploysAnInlineRecipeToAThingGroupAndTheDeviceReceivesItReportsAndAppearsAsCoreDevice() throws Exception {
        try (GreengrassV2Client gg = greengrass(credentials()); IotClient iot = iot();
             NucleusProtocolClient device = new NucleusProtocolClient(cloud.provisionThing("core-sdk"), cloud.greengrassEndpoint().orElseThrow())) {
            String groupArn = iot.createThingGroup(r -> r.thingGroupName("sdk-fleet")).thingGroupArn();
            assertThat(groupArn).isEqualTo("arn:aws:iot:us-east-1:000000000000:thinggroup/sdk-fleet");
            iot.addThingToThingGroup(r -> r.thingGroupName("sdk-fleet").thingName("core-sdk"));
            assertThat(iot.listThingsInThingGroup(r -> r.thingGroupName("sdk-fleet")).things()).containsExactly("core-sdk");
            assertThat(iot.describeThingGroup(r -> r.thingGroupName("sdk-fleet")).thingGroupArn()).isEqualTo(groupArn);

            String role = "arn:aws:iam::000000000000:role/GreengrassV2TokenExchangeRole";
            assertThat(iot.createRoleAlias(r -> r.roleAlias("SdkTokenExchange").roleArn(role).credentialDurationSeconds(1800)).roleAliasArn())
                    .isEqualTo("arn:aws:iot:us-east-1:000000000000:rolealias/SdkTokenExchange");
            assertThat(iot.describeRoleAlias(r -> r.roleAlias("SdkTokenExchange")).roleAliasDescription())
                    .satisfies(d -> {
                        assertThat(d.roleArn()).isEqualTo(role);
                        assertThat(d.credentialDurationSeconds()).isEqualTo(1800);
                        assertThat(d.creationDate()).isNotNull();
                    });
            assertThatThrownBy(() -> iot.createRoleAlias(r -> r.roleAlias("SdkTokenExchange").roleArn(role)))
                    .isInstanceOf(ResourceAlreadyExistsException.class);
            String credEndpoint = iot.describeEndpoint(r -> r.endpointType("iot:CredentialProvider")).endpointAddress();
            assertThat(credEndpoint).endsWith(":" + cloud.greengrassEndpoint().orElseThrow().port());
            HttpResponse<String> tokens = device.get("/role-aliases/SdkTokenExchange/credentials", "x-amzn-iot-thingname", "core-sdk");
            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);

            CreateComponentVersionResponse created = gg.createComponentVersion(r -> r.inlineRecipe(recipe("1.0.0")));
            assertThat(created.arn()).isEqualTo("arn:aws:greengrass:us-east-1:000000000000:components:com.example.Sdk:versions:1.0.0");
            assertThat(created.status().componentState()).isEqualTo(CloudComponentState.DEPLOYABLE);
            assertThat(created.creationTimestamp()).isNotNull();
            assertThatThrownBy(() -> gg.createComponentVersion(r -> r.inlineRecipe(recipe("1.0.0")))).isInstanceOf(ConflictException.class);
            gg.createComponentVersion(r -> r.inlineRecipe(recipe("1.1.0")));
            assertThat(gg.listComponents(r -> { }).components()).singleElement().satisfies(c -> {
                assertThat(c.componentName()).isEqualTo("com.example.Sdk");
                assertThat(c.latestVersion().componentVersion()).isEqualTo("1.1.0");
                assertThat(c.latestVersion().publisher()).isEqualTo("Qualify");
            });
            assertThat(gg.describeComponent(r -> r.arn(created.arn())).description()).isEqualTo("deployed through the SDK");
            JsonNode stored = NucleusProtocolClient.json(gg.getComponent(r -> r.arn(created.arn()).recipeOutputFormat(RecipeOutputFormat.JSON))
                    .recipe().asUtf8String());
            assertThat(stored.path("ComponentVersion").asText()).isEqualTo("1.0.0");

            CreateDeploymentResponse dep = gg.createDeployment(r -> r.targetArn(groupArn).deploymentName("sdk rollout")
                    .components(Map.of("com.example.Sdk", ComponentDeploymentSpecification.builder().componentVersion("1.0.0")
                            .configurationUpdate(u -> u.merge("{\"Message\":\"from the sdk\"}")).build()))
                    .deploymentPolicies(p -> p.failureHandlingPolicy(DeploymentFailureHandlingPolicy.DO_NOTHING)));
            assertThat(dep.iotJobId()).isEqualTo(dep.deploymentId());
            assertThat(dep.iotJobArn()).isEqualTo("arn:aws:iot:us-east-1:000000000000:job/" + dep.deploymentId());

            assertThat(NucleusProtocolClient.queued(device.awaitNotify())).containsExactly(dep.deploymentId());
            JsonNode exec = device.describeNext();
            assertThat(exec.get("jobId").asText()).isEqualTo(dep.deploymentId());
            JsonNode doc = exec.get("jobDocument");
            assertThat(doc.path("configurationArn").asText()).endsWith(":configuration:thinggroup/sdk-fleet:1");
            assertThat(doc.path("components").path("com.example.Sdk").path("version").asText()).isEqualTo("1.0.0");
            assertThat(doc.path("components").path("com.example.Sdk").path("configurationUpdate").path("merge").path("Message").asText())
                    .isEqualTo("from the sdk");
            assertThat(doc.path("failureHandlingPolicy").asText()).isEqualTo("DO_NOTHING");

            GetDeploymentResponse got = gg.getDeployment(r -> r.deploymentId(dep.deploymentId()));
            assertThat(got.deploymentStatus()).isEqualTo(DeploymentStatus.ACTIVE);
            assertThat(got.targetArn()).isEqualTo(groupArn);
            assertThat(got.deploymentName()).isEqualTo("sdk rollout");
            assertThat(got.revisionId()).isEqualTo("1");
            assertThat(got.isLatestForTarget()).isTrue();
            assertThat(got.deploymentPolicies().failureHandlingPolicy()).isEqualTo(DeploymentFailureHandlingPolicy.DO_NOTHING);
            assertThat(NucleusProtocolClient.json(got.components().get("com.example.Sdk").configurationUpdate().merge()).path("Message").asText())
                    .isEqualTo("from the sdk");
            assertThat(gg.listDeployments(r -> r.targetArn(groupArn)).deployments()).extracting(d -> d.deploymentId())
                    .containsExactly(dep.deploymentId());

            device.update(dep.deploymentId(), "IN_PROGRESS", null);
            device.update(dep.deploymentId(), "SUCCEEDED", Map.of("detailed-deployment-status", "SUCCESSFUL"));
            assertThat(gg.listEffectiveDeployments(r -> r.coreDeviceThingName("core-sdk")).effectiveDeployments()).singleElement()
                    .satisfies(e -> {
                        assertThat(e.deploymentId()).isEqualTo(dep.deploymentId());
                        assertThat(e.coreDeviceExecutionStatus()).isEqualTo(EffectiveDeploymentExecutionStatus.SUCCEEDED);
                        assertThat(e.targetArn()).isEqualTo(groupArn);
                    });

            device.publishHealth("HEALTHY", "THING_GROUP_DEPLOYMENT");
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(gg.listCoreDevices(r -> r.thingGroupArn(groupArn)).coreDevices())
                    .singleElement().satisfies(c -> {
                        assertThat(c.coreDeviceThingName()).isEqualTo("core-sdk");
                        assertThat(c.status()).isEqualTo(CoreDeviceStatus.HEALTHY);
                        assertThat(c.lastStatusUpdateTimestamp()).isNotNull();
                    }));
            assertThat(gg.getCoreDevice(r -> r.coreDeviceThingName("core-sdk")).coreVersion()).isEqualTo("2.18.0");

            CreateDeploymentResponse second = gg.createDeployment(r -> r.targetArn(groupArn)
                    .components(Map.of("com.example.Sdk", ComponentDeploymentSpecification.builder().componentVersion("1.1.0").build())));
            assertThat(gg.getDeployment(r -> r.deploymentId(dep.deploymentId())).deploymentStatus()).isEqualTo(DeploymentStatus.CANCELED);
            assertThat(gg.listDeployments(r -> r.targetArn(groupArn)).deployments()).extracting(d -> d.deploymentId())
                    .containsExactly(second.deploymentId());
            assertThat(gg.listDeployments(r -> r.targetArn(groupArn).historyFilter(DeploymentHistoryFilter.ALL)).deployments())
                    .extracting(d -> d.deploymentId()).containsExactly(dep.deploymentId(), second.deploymentId());
        }
    }

    @Test
    void sdkDeploysToAThingThroughItsDeploymentShadowSeesTheStatusTheDeviceReportedThereAndCancels() throws Exception {
        try (GreengrassV2Client gg = greengrass(credentials());
             NucleusProtocolClient n = new NucleusProtocolClient(cloud.provisionThing("core-one"), cloud.greengrassEndpoint().orElseThrow());
             ShadowDeploymentDevice device = new ShadowDeploymentDevice(n)) {
            gg.createComponentVersion(r -> r.inlineRecipe(recipe("1.0.0")));
            String thingArn = "arn:aws:iot:us-east-1:000000000000:thing/core-one";
            CreateDeploymentResponse dep = gg.createDeployment(r -> r.targetArn(thingArn)
                    .components(Map.of("com.example.Sdk", ComponentDeploymentSpecification.builder().componentVersion("1.0.0").build())));
            assertThat(dep.iotJobId()).as("a thing deployment goes through the shadow, not a job").isNull();
            ShadowDeploymentDevice.Received r = device.awaitDeployment(java.time.Duration.ofSeconds(30));
            assertThat(r.configuration().get("deploymentId").asText()).isEqualTo(dep.deploymentId());
            assertThat(r.configurationArn()).isEqualTo("arn:aws:greengrass:us-east-1:000000000000:configuration:thing/core-one:1");
            assertThat(n.describeNext()).isNull();

            device.report(r.configurationArn(), "IN_PROGRESS", null, null);
            device.report(r.configurationArn(), "FAILED", "FAILED_NO_STATE_CHANGE", "com.example.Sdk failed to install");
            java.time.Instant created = java.time.Instant.now().minusSeconds(600);
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                    gg.listEffectiveDeployments(q -> q.coreDeviceThingName("core-one")).effectiveDeployments()).singleElement().satisfies(e -> {
                        assertThat(e.deploymentId()).isEqualTo(dep.deploymentId());
                        assertThat(e.targetArn()).isEqualTo(thingArn);
                        assertThat(e.coreDeviceExecutionStatus()).isEqualTo(EffectiveDeploymentExecutionStatus.FAILED);
                        assertThat(e.reason()).isEqualTo("com.example.Sdk failed to install");
                        assertThat(e.creationTimestamp()).isAfter(created);
                        assertThat(e.modifiedTimestamp()).isAfterOrEqualTo(e.creationTimestamp());
                    }));

            gg.cancelDeployment(q -> q.deploymentId(dep.deploymentId()));
            assertThat(gg.getDeployment(q -> q.deploymentId(dep.deploymentId())).deploymentStatus()).isEqualTo(DeploymentStatus.CANCELED);
            ShadowDeploymentDevice.Received cancel = device.awaitDeployment(java.time.Duration.ofSeconds(30));
            assertThat(cancel.cancel()).isTrue();
            assertThat(cancel.configurationArn()).isEqualTo(r.configurationArn());
            assertThatThrownBy(() -> gg.cancelDeployment(q -> q.deploymentId(dep.deploymentId()))).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> gg.cancelDeployment(q -> q.deploymentId("00000000-0000-0000-0000-000000000000")))
                    .isInstanceOf(software.amazon.awssdk.services.greengrassv2.model.ResourceNotFoundException.class);
        }
    }

    @Test
    void deploymentOfAnUnknownComponentVersionIsResourceNotFoundAndCreatesNothing() {
        try (GreengrassV2Client gg = greengrass(credentials()); IotClient iot = iot()) {
            String groupArn = iot.createThingGroup(r -> r.thingGroupName("empty")).thingGroupArn();
            gg.createComponentVersion(r -> r.inlineRecipe(recipe("1.0.0")));
            assertThatThrownBy(() -> gg.createDeployment(r -> r.targetArn(groupArn)
                    .components(Map.of("com.example.Sdk", ComponentDeploymentSpecification.builder().componentVersion("9.9.9").build()))))
                    .isInstanceOf(software.amazon.awssdk.services.greengrassv2.model.ResourceNotFoundException.class)
                    .hasMessageContaining("com.example.Sdk=9.9.9");
            assertThatThrownBy(() -> gg.createDeployment(r -> r.targetArn(groupArn)
                    .components(Map.of("com.example.Sdk", ComponentDeploymentSpecification.builder().componentVersion("not-semver").build()))))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> gg.createComponentVersion(r -> r.inlineRecipe(SdkBytes.fromUtf8String("ComponentName: [broken"))))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> gg.getDeployment(r -> r.deploymentId("00000000-0000-0000-0000-000000000000")))
                    .isInstanceOf(software.amazon.awssdk.services.greengrassv2.model.ResourceNotFoundException.class);
            assertThatThrownBy(() -> gg.getCoreDevice(r -> r.coreDeviceThingName("never-reported")))
                    .isInstanceOf(software.amazon.awssdk.services.greengrassv2.model.ResourceNotFoundException.class);
            assertThat(gg.listDeployments(r -> r.historyFilter(DeploymentHistoryFilter.ALL)).deployments()).isEmpty();
        }
    }

    @Test
    void greengrassRequestWithoutCredentialsIsRefusedWith403() {
        try (GreengrassV2Client gg = greengrass(AnonymousCredentialsProvider.create())) {
            assertThatThrownBy(() -> gg.createComponentVersion(r -> r.inlineRecipe(recipe("1.0.0"))))
                    .isInstanceOfSatisfying(GreengrassV2Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        assertThat(cloud.greengrass().service().listComponents()).isEmpty();
    }
}
