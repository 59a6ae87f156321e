package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.Endpoint;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.EmulatedCloudConfig;
import dev.qualify.cloud.jobs.JobExecution;
import dev.qualify.cloud.jobs.JobExecutionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole Greengrass V2 deployment flow over real sockets and TLS, with a client that speaks the nucleus'
 * protocol: thing deployments through the {@code AWSManagedGreengrassV2Deployment} shadow
 * ({@link ShadowDeploymentDevice}), thing-group deployments as MQTT 5 jobs in the deployment namespace, the data
 * plane with the device certificate, pre-signed artifact downloads with digest checks.
 */
class GreengrassDeploymentIT {
    @TempDir
    Path dir;
    EmulatedCloud cloud;
    GreengrassService gg;

    @BeforeEach
    void start() throws Exception {
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir.resolve("data")));
        gg = cloud.greengrass().service();
        Path art = Files.createDirectories(dir.resolve("artifacts"));
        Files.writeString(art.resolve("hello.sh"), "echo hello from 1.x\n");
        Files.writeString(art.resolve("fail.sh"), "exit 1\n");
        gg.createComponentVersion(recipe("com.example.Hello", "1.0.0", "s3://bucket/hello.sh"), "hello-1.0.0.yaml", art);
        gg.createComponentVersion(recipe("com.example.Hello", "1.1.0", "s3://bucket/hello.sh"), "hello-1.1.0.yaml", art);
        gg.createComponentVersion(recipe("com.example.Broken", "1.0.0", "greengrass:fail.sh"), "broken.yaml", art);
    }

    @AfterEach
    void stop() {
        if (cloud != null) cloud.close();
    }

    static byte[] recipe(String name, String version, String uri) {
        return ("""
                RecipeFormatVersion: "2020-01-25"
                ComponentName: %s
                ComponentVersion: "%s"
                ComponentConfiguration:
                  DefaultConfiguration:
                    Message: hello
                Manifests:
                  - Platform:
                      os: linux
                    Lifecycle:
                      Run: "sh {artifacts:path}/%s"
                    Artifacts:
                      - Uri: %s
                """).formatted(name, version, uri.substring(uri.lastIndexOf('/') + 1).replace("greengrass:", ""), uri)
                .getBytes(StandardCharsets.UTF_8);
    }

    private NucleusProtocolClient nucleus(String thing) throws Exception {
        DeviceCredentials c = cloud.provisionThing(thing);
        Endpoint dp = cloud.greengrassEndpoint().orElseThrow();
        return new NucleusProtocolClient(c, dp);
    }

    /** What the nucleus does with a job: IN_PROGRESS, thing groups, resolve, download; returns the resolved entry. */
    private JsonNode takeDeployment(NucleusProtocolClient n, JsonNode execution, String group, String requirement) throws Exception {
        String jobId = execution.get("jobId").asText();
        JsonNode accepted = n.update(jobId, "IN_PROGRESS", null);
        assertThat(accepted.has("timestamp")).isTrue();
        return resolveAndDownload(n, execution.path("jobDocument"), group, requirement);
    }

    /** What the nucleus does with a deployment document: thing groups, resolve, download; returns the resolved entry. */
    private JsonNode resolveAndDownload(NucleusProtocolClient n, JsonNode document, String group, String requirement) throws Exception {
        HttpResponse<String> groups = n.get("/greengrass/v2/coreDevices/" + n.thing() + "/thingGroups");
        assertThat(groups.statusCode()).as(groups.body()).isEqualTo(200);
        String component = document.path("components").fieldNames().next();
        HttpResponse<String> res = n.resolve(component, group, requirement);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode resolved = NucleusProtocolClient.json(res.body()).get("resolvedComponentVersions").get(0);
        JsonNode recipe = NucleusProtocolClient.decodeRecipe(resolved);
        Map<String, byte[]> files = n.downloadArtifacts(resolved.get("arn").asText(), recipe);
        assertThat(files).isNotEmpty();
        return resolved;
    }

    /** Waits until the cloud recorded a status for the device's execution of a thing deployment. */
    private DeviceExecution awaitThingExecution(String deploymentId, String status) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> gg.thingExecutions().of(deploymentId).map(DeviceExecution::status).orElse(""),
                status::equals);
        return gg.thingExecutions().of(deploymentId).orElseThrow();
    }

    private JsonNode deploymentShadow(String thing) {
        return cloud.shadows().document(thing, ShadowDeploymentDelivery.SHADOW_NAME).orElseThrow();
    }

    private String cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cl = new picocli.CommandLine(new dev.qualify.cloud.cli.CloudCommand());
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(out, true));
        assertThat(cl.execute(args)).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void deploymentToAThingComesThroughItsDeploymentShadowIsReportedThereAndAnUpdateSupersedesIt() throws Exception {
        try (NucleusProtocolClient n = nucleus("core1"); ShadowDeploymentDevice device = new ShadowDeploymentDevice(n)) {
            n.publishHealth("HEALTHY", "NUCLEUS_LAUNCH");
            DeploymentRecord d1 = gg.createDeployment(new DeploymentRequest("thing:core1", null,
                    Map.of("com.example.Hello", new ComponentSpec("1.0.0", NucleusProtocolClient.json("{\"merge\":{\"Message\":\"hi\"}}"))), null));
            cloud.greengrass().housekeep();
            ShadowDeploymentDevice.Received r1 = device.awaitDeployment(Duration.ofSeconds(30));
            assertThat(r1.cancel()).isFalse();
            assertThat(r1.configurationArn()).isEqualTo("arn:aws:greengrass:us-east-1:000000000000:configuration:thing/core1:1");
            JsonNode doc = r1.configuration();
            assertThat(doc.get("deploymentId").asText()).isEqualTo(d1.deploymentId());
            assertThat(doc.path("components").path("com.example.Hello").path("version").asText()).isEqualTo("1.0.0");
            assertThat(doc.path("components").path("com.example.Hello").path("configurationUpdate").path("merge").isObject()).isTrue();
            assertThat(doc.get("failureHandlingPolicy").asText()).isEqualTo("ROLLBACK");
            assertThat(doc.path("componentUpdatePolicy").path("action").asText()).isEqualTo("NOTIFY_COMPONENTS");
            JsonNode desired = deploymentShadow("core1").path("state").path("desired");
            assertThat(desired.path("fleetConfig").isTextual()).as("fleetConfig is a JSON string").isTrue();
            assertThat(desired.path("desiredStatus").asText()).isEqualTo("ACTIVE");
            assertThat(n.describeNext()).as("a thing deployment is no job").isNull();
            assertThat(cloud.jobs().hasJob(d1.deploymentId())).isFalse();
            assertThat(gg.thingExecutions().of(d1.deploymentId())).hasValueSatisfying(e -> assertThat(e.status()).isEqualTo("QUEUED"));

            device.report(r1.configurationArn(), "IN_PROGRESS", null, null);
            awaitThingExecution(d1.deploymentId(), "IN_PROGRESS");
            JsonNode resolved = resolveAndDownload(n, doc, "thing/core1", "=1.0.0");
            assertThat(resolved.get("componentVersion").asText()).isEqualTo("1.0.0");
            device.report(r1.configurationArn(), "SUCCEEDED", "SUCCESSFUL", null);
            assertThat(awaitThingExecution(d1.deploymentId(), "SUCCEEDED").statusDetails()).containsEntry("detailedStatus", "SUCCESSFUL");
            JsonNode reported = deploymentShadow("core1").path("state").path("reported");
            assertThat(reported.path("fleetConfigurationArnForStatus").asText()).isEqualTo(r1.configurationArn());
            assertThat(reported.path("ggcVersion").asText()).isEqualTo("2.18.0");
            n.publishHealth("HEALTHY", "THING_DEPLOYMENT");

            DeploymentRecord d2 = gg.createDeployment(new DeploymentRequest("thing:core1", null,
                    Map.of("com.example.Hello", new ComponentSpec("1.1.0", null)), null));
            assertThat(gg.deployment(d1.deploymentId()).orElseThrow().status()).isEqualTo("CANCELED");
            assertThat(d2.revision()).isEqualTo(2);
            cloud.greengrass().housekeep();
            ShadowDeploymentDevice.Received r2 = device.awaitDeployment(Duration.ofSeconds(30));
            assertThat(r2.configurationArn()).endsWith("thing/core1:2");
            assertThat(r2.configuration().get("deploymentId").asText()).isEqualTo(d2.deploymentId());
            assertThat(r2.shadowVersion()).isGreaterThan(r1.shadowVersion());
            device.report(r2.configurationArn(), "IN_PROGRESS", null, null);
            JsonNode resolved2 = resolveAndDownload(n, r2.configuration(), "thing/core1", "=1.1.0");
            assertThat(resolved2.get("componentVersion").asText()).isEqualTo("1.1.0");
            device.report(r2.configurationArn(), "SUCCEEDED", "SUCCESSFUL", null);
            awaitThingExecution(d2.deploymentId(), "SUCCEEDED");
            assertThat(gg.thingExecutions().of(d1.deploymentId()).orElseThrow().status()).as("a finished one stays as reported")
                    .isEqualTo("SUCCEEDED");
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(gg.listCoreDevices()).singleElement()
                    .satisfies(c -> {
                        assertThat(c.coreDeviceThingName()).isEqualTo("core1");
                        assertThat(c.status()).isEqualTo("HEALTHY");
                        assertThat(c.trigger()).isEqualTo("THING_DEPLOYMENT");
                    }));
        }
    }

    @Test
    void failingComponentIsReportedFailedThroughTheShadowAndDeploymentStatusShowsTheNucleusDetails() throws Exception {
        try (NucleusProtocolClient n = nucleus("core1"); ShadowDeploymentDevice device = new ShadowDeploymentDevice(n)) {
            DeploymentRecord d = gg.createDeployment(new DeploymentRequest("thing:core1", "broken",
                    Map.of("com.example.Broken", new ComponentSpec("1.0.0", null)), "ROLLBACK"));
            cloud.greengrass().housekeep();
            ShadowDeploymentDevice.Received r = device.awaitDeployment(Duration.ofSeconds(30));
            assertThat(r.configuration().path("failureHandlingPolicy").asText()).isEqualTo("ROLLBACK");
            device.report(r.configurationArn(), "IN_PROGRESS", null, null);
            resolveAndDownload(n, r.configuration(), "thing/core1", "=1.0.0");
            device.report(r.configurationArn(), "FAILED", "FAILED_ROLLBACK_COMPLETE", "Service com.example.Broken in broken state");
            DeviceExecution e = awaitThingExecution(d.deploymentId(), "FAILED");
            assertThat(e.statusDetails()).containsEntry("detailedStatus", "FAILED_ROLLBACK_COMPLETE")
                    .containsEntry("failureCause", "Service com.example.Broken in broken state");
            assertThat(cli("deployment", "status", d.deploymentId(), "--data-dir", dir.resolve("data").toString()))
                    .contains("broken", "failure handling ROLLBACK", "core1  FAILED", "detailedStatus: FAILED_ROLLBACK_COMPLETE",
                            "failureCause: Service com.example.Broken in broken state");
        }
        DeploymentRecord keep = gg.createDeployment(new DeploymentRequest("thing:core1", null,
                Map.of("com.example.Broken", new ComponentSpec("1.0.0", null)), "DO_NOTHING"));
        assertThat(gg.jobDocument(keep).get("failureHandlingPolicy").asText()).isEqualTo("DO_NOTHING");
    }

    @Test
    void cancellingAThingDeploymentSetsDesiredStatusCanceledAndTheDeviceCancelsIt() throws Exception {
        try (NucleusProtocolClient n = nucleus("core1"); ShadowDeploymentDevice device = new ShadowDeploymentDevice(n)) {
            DeploymentRecord d = gg.createDeployment(new DeploymentRequest("thing:core1", null,
                    Map.of("com.example.Hello", new ComponentSpec("1.0.0", null)), null));
            cloud.greengrass().housekeep();
            ShadowDeploymentDevice.Received r = device.awaitDeployment(Duration.ofSeconds(30));
            device.report(r.configurationArn(), "IN_PROGRESS", null, null);
            awaitThingExecution(d.deploymentId(), "IN_PROGRESS");

            String out = cli("deployment", "cancel", d.deploymentId(), "--data-dir", dir.resolve("data").toString());
            assertThat(out).contains("CANCELED");
            assertThat(gg.deployment(d.deploymentId()).orElseThrow().status()).isEqualTo("CANCELED");
            cloud.greengrass().housekeep();
            ShadowDeploymentDevice.Received cancel = device.awaitDeployment(Duration.ofSeconds(30));
            assertThat(cancel.cancel()).isTrue();
            assertThat(cancel.configurationArn()).isEqualTo(r.configurationArn());
            assertThat(deploymentShadow("core1").path("state").path("desired").path("desiredStatus").asText()).isEqualTo("CANCELED");
            assertThat(gg.thingExecutions().of(d.deploymentId()).orElseThrow().status()).isEqualTo("CANCELED");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> gg.cancelDeployment(d.deploymentId()))
                    .isInstanceOf(GreengrassException.class).hasMessageContaining("not ACTIVE");

            DeploymentRecord next = gg.createDeployment(new DeploymentRequest("thing:core1", null,
                    Map.of("com.example.Hello", new ComponentSpec("1.1.0", null)), null));
            cloud.greengrass().housekeep();
            ShadowDeploymentDevice.Received again = device.awaitDeployment(Duration.ofSeconds(30));
            assertThat(again.cancel()).isFalse();
            assertThat(again.configuration().get("deploymentId").asText()).isEqualTo(next.deploymentId());
        }
    }

    @Test
    void groupDeploymentReachesEveryMemberIncludingOneAddedLaterAndShowsEachOnesStatusAndFailureDetails() throws Exception {
        try (NucleusProtocolClient a = nucleus("coreA"); NucleusProtocolClient b = nucleus("coreB")) {
            gg.createThingGroup("fleet");
            gg.addThingToThingGroup("fleet", "coreA");
            DeploymentRecord d = gg.createDeployment(new DeploymentRequest("group:fleet", null,
                    Map.of("com.example.Hello", new ComponentSpec("1.1.0", null)), null));
            cloud.greengrass().housekeep();
            assertThat(NucleusProtocolClient.queued(a.awaitNotify())).containsExactly(d.deploymentId());
            JsonNode ea = a.describeNext();
            assertThat(ea.path("jobDocument").path("configurationArn").asText()).contains(":configuration:thinggroup/fleet:1");
            assertThat(b.describeNext()).as("coreB is not in the group yet").isNull();

            gg.addThingToThingGroup("fleet", "coreB");
            cloud.greengrass().housekeep();
            assertThat(NucleusProtocolClient.queued(b.awaitNotify())).containsExactly(d.deploymentId());
            JsonNode eb = b.describeNext();
            assertThat(eb.get("jobId").asText()).isEqualTo(d.deploymentId());

            HttpResponse<String> groups = b.get("/greengrass/v2/coreDevices/coreB/thingGroups");
            assertThat(NucleusProtocolClient.json(groups.body()).path("thingGroups").get(0).path("thingGroupName").asText()).isEqualTo("fleet");
            for (NucleusProtocolClient n : List.of(a, b)) {
                JsonNode exec = n == a ? ea : eb;
                JsonNode resolved = takeDeployment(n, exec, "thinggroup/fleet", ">=1.0.0 <2.0.0");
                assertThat(resolved.get("componentVersion").asText()).isEqualTo("1.1.0");
            }
            a.update(d.deploymentId(), "SUCCEEDED", Map.of("detailed-deployment-status", "SUCCESSFUL"));
            // what DeploymentService reports when a component's install fails and the ROLLBACK policy rolled it back
            b.update(d.deploymentId(), "FAILED", Map.of("detailed-deployment-status", "FAILED_ROLLBACK_COMPLETE",
                    "deployment-failure-cause", "Service com.example.Hello in broken state after install",
                    "deployment-error-types", "[\"COMPONENT_ERROR\"]"));
            assertThat(cloud.jobs().executionsOfJob(d.deploymentId())).extracting(JobExecution::thingName, JobExecution::status)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("coreA", JobExecutionStatus.SUCCEEDED),
                            org.assertj.core.groups.Tuple.tuple("coreB", JobExecutionStatus.FAILED));
            // no admin endpoint runs in process, so the command reads the jobs as the cloud last saved them (every 500 ms)
            await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                    cli("deployment", "status", d.deploymentId(), "--data-dir", dir.resolve("data").toString()))
                    .contains("failure handling ROLLBACK", "coreA  SUCCEEDED", "coreB  FAILED",
                            "detailed-deployment-status: FAILED_ROLLBACK_COMPLETE",
                            "deployment-failure-cause: Service com.example.Hello in broken state after install"));
            HttpResponse<String> other = a.get("/greengrass/v2/coreDevices/coreB/thingGroups");
            assertThat(other.statusCode()).as("another device's groups").isEqualTo(403);
        }
    }

    /** Reads notify-namespace events as the nucleus does until one satisfies a condition (earlier ones are skipped). */
    private static JsonNode awaitNotify(NucleusProtocolClient n, java.util.function.Predicate<JsonNode> until) throws Exception {
        for (int i = 0; i < 20; i++) {
            JsonNode jobs = n.awaitNotify();
            if (until.test(jobs)) return jobs;
        }
        throw new AssertionError(n.thing() + ": no such notify-namespace event");
    }

    @Test
    void aNewerGroupDeploymentCancelsTheOlderJobAndTheNucleusIsNotifiedOfBothAndOfACancel() throws Exception {
        try (NucleusProtocolClient a = nucleus("coreA")) {
            gg.createThingGroup("fleet");
            gg.addThingToThingGroup("fleet", "coreA");
            DeploymentRecord d1 = gg.createDeployment(new DeploymentRequest("group:fleet", null,
                    Map.of("com.example.Hello", new ComponentSpec("1.0.0", null)), null));
            cloud.greengrass().housekeep();
            assertThat(NucleusProtocolClient.queued(a.awaitNotify())).containsExactly(d1.deploymentId());
            takeDeployment(a, a.describeNext(), "thinggroup/fleet", "=1.0.0");

            DeploymentRecord d2 = gg.createDeployment(new DeploymentRequest("group:fleet", null,
                    Map.of("com.example.Hello", new ComponentSpec("1.1.0", null)), "DO_NOTHING"));
            cloud.greengrass().housekeep();
            assertThat(gg.deployment(d1.deploymentId()).orElseThrow().status()).isEqualTo("CANCELED");
            assertThat(cloud.jobs().execution(d1.deploymentId(), "coreA").orElseThrow().status()).isEqualTo(JobExecutionStatus.CANCELED);
            JsonNode jobs = awaitNotify(a, j -> NucleusProtocolClient.queued(j).contains(d2.deploymentId()));
            assertThat(jobs.has("IN_PROGRESS")).as("the superseded job is no longer pending").isFalse();
            JsonNode next = a.describeNext();
            assertThat(next.get("jobId").asText()).isEqualTo(d2.deploymentId());
            assertThat(next.path("jobDocument").path("configurationArn").asText()).endsWith(":configuration:thinggroup/fleet:2");
            assertThat(next.path("jobDocument").path("components").path("com.example.Hello").path("version").asText()).isEqualTo("1.1.0");
            assertThat(next.path("jobDocument").path("failureHandlingPolicy").asText()).isEqualTo("DO_NOTHING");

            gg.cancelDeployment(d2.deploymentId());
            cloud.greengrass().housekeep();
            awaitNotify(a, JsonNode::isEmpty);
            assertThat(a.describeNext()).as("nothing left to deploy").isNull();
        }
    }

    @Test
    void expiredOrTamperedPresignedUrlsAreRefusedAndTheDataPlaneNeedsAClientCertificate() throws Exception {
        try (NucleusProtocolClient n = nucleus("core1")) {
            ComponentVersionRecord c = gg.componentVersion("com.example.Hello", "1.0.0").orElseThrow();
            String base = "https://localhost:" + cloud.greengrassEndpoint().orElseThrow().port();
            PresignedUrls urls = cloud.greengrass().presignedUrls();
            String expired = urls.sign(base, c.arn(), "hello.sh", Instant.now().minusSeconds(5));
            HttpResponse<byte[]> r = n.getAnonymous(expired, null);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("<Code>AccessDenied</Code>", "Request has expired");
            String valid = urls.sign(base, c.arn(), "hello.sh", Instant.now().plus(Duration.ofMinutes(5)));
            assertThat(n.getAnonymous(valid, null).statusCode()).isEqualTo(200);
            assertThat(n.getAnonymous(valid.replace("hello.sh", "fail.sh"), null).statusCode()).as("signature covers the name").isEqualTo(403);
            assertThat(new String(n.getAnonymous(valid, "bytes=5-9").body(), StandardCharsets.UTF_8)).isEqualTo("hello");

            HttpResponse<byte[]> noCert = n.getAnonymous(base + "/greengrass/v2/coreDevices/core1/thingGroups", null);
            assertThat(noCert.statusCode()).isEqualTo(403);
            HttpResponse<String> unknown = n.get("/greengrass/v2/nothing/here");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
            assertThat(NucleusProtocolClient.json(unknown.body()).get("message").asText()).contains("/greengrass/v2/nothing/here");
            HttpResponse<String> garbage = n.post("/greengrass/v2/resolveComponentCandidates", "{not json");
            assertThat(garbage.statusCode()).isEqualTo(400);
            assertThat(garbage.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
            HttpResponse<String> none = n.resolve("com.example.Hello", "thing/core1", ">=2.0.0");
            assertThat(none.statusCode()).isEqualTo(404);
            assertThat(none.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
            HttpResponse<String> mac = n.post("/greengrass/v2/resolveComponentCandidates",
                    "{\"platform\":{\"attributes\":{\"os\":\"darwin\"}},\"componentCandidates\":[{\"componentName\":\"com.example.Hello\","
                            + "\"versionRequirements\":{\"thing/core1\":\"*\"}}]}");
            assertThat(mac.statusCode()).as("no manifest for darwin").isEqualTo(404);
        }
    }

    @Test
    void garbageFromADeviceIsIgnoredLoggedWithTheClientIdAndTheCloudKeepsServing() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try (NucleusProtocolClient n = nucleus("core1")) {
            n.publishRaw("$aws/things/core1/greengrassv2/health/json", "not json".getBytes(StandardCharsets.UTF_8));
            n.publishRaw("$aws/things/core1/greengrassv2/health/json", "[1,2]".getBytes(StandardCharsets.UTF_8));
            n.publishRaw("$aws/things/core1/jobs/$next/namespace-aws-gg-deployment/get", new byte[]{(byte) 0xff, 0});
            n.publishRaw("$aws/things/core1/jobs/some-job/namespace-aws-gg-deployment/update", "{\"status\":".getBytes(StandardCharsets.UTF_8));
            n.publishRaw("$aws/things/core1/shadow/name/AWSManagedGreengrassV2Deployment/update", "{{".getBytes(StandardCharsets.UTF_8));
            n.publishRaw("$aws/things/core1/shadow/name/AWSManagedGreengrassV2Deployment/get", new byte[0]);
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(List.copyOf(logs.list))
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.startsWith("client core1: fleet status on $aws/things/core1/greengrassv2/health/json is not a JSON object"))
                    .anyMatch(m -> m.startsWith("client core1: $aws/things/core1/jobs/$next/namespace-aws-gg-deployment/get is not a JSON object"))
                    .anyMatch(m -> m.startsWith("client core1: $aws/things/core1/jobs/some-job/namespace-aws-gg-deployment/update is not a JSON"))
                    .anyMatch(m -> m.startsWith("client core1: $aws/things/core1/shadow/name/AWSManagedGreengrassV2Deployment/update rejected")));
            try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) dev.qualify.cloud.TestTls.sslContext(cloud.provisionThing("junk"))
                    .getSocketFactory().createSocket("localhost", cloud.greengrassEndpoint().orElseThrow().port())) {
                s.getOutputStream().write("\u0000\u0001 NOT HTTP \r\n\r\n".getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                s.setSoTimeout(20_000);
                s.getInputStream().read(new byte[256]); // a 400 or a close; either way the server goes on
            }
            n.publishHealth("HEALTHY", "NUCLEUS_LAUNCH");
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(gg.listCoreDevices())
                    .extracting(CoreDeviceRecord::status).containsExactly("HEALTHY"));
            assertThat(n.describeNext()).isNull();
            assertThat(n.get("/greengrass/v2/coreDevices/core1/thingGroups").statusCode()).isEqualTo(200);
        } finally {
            root.detachAppender(logs);
        }
    }

    @Test
    void roleAliasCredentialsAreHandedOutForTheCertificatesOwnThing() throws Exception {
        try (NucleusProtocolClient n = nucleus("core1")) {
            cloud.provisionThing("other");
            gg.createRoleAlias("GreengrassV2TokenExchangeRoleAlias", "arn:aws:iam::000000000000:role/GreengrassV2TokenExchangeRole", 3600);
            HttpResponse<String> ok = n.get("/role-aliases/GreengrassV2TokenExchangeRoleAlias/credentials", "x-amzn-iot-thingname", "core1");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            JsonNode c = NucleusProtocolClient.json(ok.body()).get("credentials");
            assertThat(c.get("accessKeyId").asText()).startsWith("ASIA").hasSize(20);
            assertThat(c.get("secretAccessKey").asText()).hasSize(40);
            assertThat(c.get("sessionToken").asText()).isNotBlank();
            assertThat(Instant.parse(c.get("expiration").asText())).isAfter(Instant.now().plusSeconds(3000));
            assertThat(n.get("/role-aliases/GreengrassV2TokenExchangeRoleAlias/credentials", "x-amzn-iot-thingname", "other").statusCode())
                    .isEqualTo(403);
            assertThat(n.get("/role-aliases/NoSuchAlias/credentials", "x-amzn-iot-thingname", "core1").statusCode()).isEqualTo(404);
            assertThat(n.get("/role-aliases/GreengrassV2TokenExchangeRoleAlias/credentials").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void componentsDeploymentsAndExecutionsInProgressSurviveARestartAndAPendingThingDeploymentIsTakenOnGet() throws Exception {
        DeploymentRecord started;
        DeploymentRecord pending;
        DeploymentRecord group;
        try (NucleusProtocolClient n = nucleus("core1"); ShadowDeploymentDevice device = new ShadowDeploymentDevice(n);
             NucleusProtocolClient member = nucleus("core3")) {
            started = gg.createDeployment(new DeploymentRequest("thing:core1", null, Map.of("com.example.Hello", new ComponentSpec("1.0.0", null)), null));
            gg.createThingGroup("line");
            gg.addThingToThingGroup("line", "core3");
            group = gg.createDeployment(new DeploymentRequest("group:line", null, Map.of("com.example.Hello", new ComponentSpec("1.1.0", null)), null));
            cloud.greengrass().housekeep();
            device.report(device.awaitDeployment(Duration.ofSeconds(30)).configurationArn(), "IN_PROGRESS", null, null);
            awaitThingExecution(started.deploymentId(), "IN_PROGRESS");
            assertThat(NucleusProtocolClient.queued(member.awaitNotify())).containsExactly(group.deploymentId());
            member.update(member.describeNext().get("jobId").asText(), "IN_PROGRESS", null);
        }
        DeviceCredentials creds1 = cloud.provisionThing("core1"); // a second certificate for the same thing
        DeviceCredentials creds2 = cloud.provisionThing("core2");
        DeviceCredentials creds3 = cloud.provisionThing("core3");
        pending = gg.createDeployment(new DeploymentRequest("thing:core2", null, Map.of("com.example.Hello", new ComponentSpec("1.1.0", null)), null));
        cloud.greengrass().housekeep();
        assertThat(gg.thingExecutions().of(pending.deploymentId())).hasValueSatisfying(e -> assertThat(e.status()).isEqualTo("QUEUED"));
        cloud.close();
        cloud = EmulatedCloud.start(EmulatedCloudConfig.defaults(dir.resolve("data")));
        gg = cloud.greengrass().service();
        assertThat(gg.listComponents()).extracting(ComponentVersionRecord::componentVersion).contains("1.0.0", "1.1.0");
        assertThat(gg.deployment(started.deploymentId())).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo("ACTIVE"));
        assertThat(gg.thingExecutions().of(started.deploymentId()).orElseThrow().status()).isEqualTo("IN_PROGRESS");
        assertThat(gg.thingExecutions().of(pending.deploymentId()).orElseThrow().status()).isEqualTo("QUEUED");
        assertThat(cloud.jobs().execution(group.deploymentId(), "core3").orElseThrow().status()).isEqualTo(JobExecutionStatus.IN_PROGRESS);

        for (DeviceCredentials c : List.of(creds1, creds2)) {
            DeviceCredentials again = new DeviceCredentials(c.thingName(), c.certificatePem(), c.privateKeyPem(), c.rootCaPem(), cloud.mqttEndpoint());
            DeploymentRecord d = c == creds1 ? started : pending;
            try (NucleusProtocolClient n = new NucleusProtocolClient(again, cloud.greengrassEndpoint().orElseThrow());
                 ShadowDeploymentDevice device = new ShadowDeploymentDevice(n)) {
                ShadowDeploymentDevice.Received r = device.awaitDeployment(Duration.ofSeconds(30));
                assertThat(r.configuration().get("deploymentId").asText()).as(c.thingName() + " gets it on get").isEqualTo(d.deploymentId());
                device.report(r.configurationArn(), "IN_PROGRESS", null, null);
                resolveAndDownload(n, r.configuration(), "thing/" + c.thingName(), "=" + d.components().get("com.example.Hello").componentVersion());
                device.report(r.configurationArn(), "SUCCEEDED", "SUCCESSFUL", null);
                awaitThingExecution(d.deploymentId(), "SUCCEEDED");
            }
        }
        DeviceCredentials again3 = new DeviceCredentials("core3", creds3.certificatePem(), creds3.privateKeyPem(), creds3.rootCaPem(),
                cloud.mqttEndpoint());
        try (NucleusProtocolClient n = new NucleusProtocolClient(again3, cloud.greengrassEndpoint().orElseThrow())) {
            JsonNode exec = n.describeNext();
            assertThat(exec.get("jobId").asText()).isEqualTo(group.deploymentId());
            assertThat(exec.get("status").asText()).isEqualTo("IN_PROGRESS");
            takeDeployment(n, exec, "thinggroup/line", ">=1.0.0");
            n.update(group.deploymentId(), "SUCCEEDED", null);
        }
    }
}
