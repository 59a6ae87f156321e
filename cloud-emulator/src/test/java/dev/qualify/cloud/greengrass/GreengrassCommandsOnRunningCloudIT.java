package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.spi.CommandProvider;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.cli.StartCommand;
import dev.qualify.cloud.jobs.JobExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Greengrass {@code qualify cloud} commands on the data dir of a running {@code qualify cloud start}: what they
 * change is in force when they return (they tell the cloud through its admin endpoint), and {@code deployment status}
 * shows what a device reported a moment ago. Nothing here waits between a command and the check of its effect.
 */
class GreengrassCommandsOnRunningCloudIT {
    private static final String RECIPE = """
            ComponentName: com.example.Hello
            ComponentVersion: "1.0.0"
            Manifests:
              - Platform: {os: linux}
                Lifecycle: {Run: "sh {artifacts:path}/hello.sh"}
                Artifacts:
                  - Uri: s3://bucket/hello.sh
            """;

    @TempDir
    Path dir;
    private StartCommand start;
    private CompletableFuture<Integer> startExit;
    private EmulatedCloud cloud;

    private record Out(int exit, String text) {
    }

    /** {@code qualify cloud ARGS --data-dir DIR/data} through the command the main CLI loads. */
    private Out run(String... args) {
        StringWriter o = new StringWriter();
        CommandLine cl = new CommandLine(ServiceLoader.load(CommandProvider.class).findFirst().orElseThrow().newCommand());
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(o, true));
        String[] full = java.util.Arrays.copyOf(args, args.length + 2);
        full[args.length] = "--data-dir";
        full[args.length + 1] = dir.resolve("data").toString();
        int exit = cl.execute(full);
        return new Out(exit, o.toString());
    }

    private Out ok(String... args) {
        Out o = run(args);
        assertThat(o.exit()).as(String.join(" ", args) + ": " + o.text()).isZero();
        return o;
    }

    @BeforeEach
    void startCloud() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(ServiceLoader.load(CommandProvider.class).findFirst().orElseThrow().newCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        start = cl.getSubcommands().get("start").getCommand();
        startExit = CompletableFuture.supplyAsync(() -> cl.execute("start", "--data-dir", dir.resolve("data").toString(), "--port", "0"));
        await().atMost(60, TimeUnit.SECONDS).until(() -> out.toString().contains("Stop with Ctrl-C") || startExit.isDone());
        assertThat(startExit).as(out.toString()).isNotDone();
        cloud = start.cloud();
    }

    @AfterEach
    void stopCloud() throws Exception {
        start.stop();
        assertThat(startExit.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void deploymentsGroupMembersAndCancelsAreDeliveredBeforeTheCommandReturnsAndStatusShowsWhatTheDeviceJustReported() throws Exception {
        ok("thing", "create", "gg1", "--out", dir.resolve("gg1").toString());
        ok("thing", "create", "gg2", "--out", dir.resolve("gg2").toString());
        Files.createDirectories(dir.resolve("art"));
        Files.writeString(dir.resolve("art/hello.sh"), "echo hi\n");
        Files.writeString(dir.resolve("hello.yaml"), RECIPE);
        ok("component", "create", "--recipe", dir.resolve("hello.yaml").toString(), "--artifacts", dir.resolve("art").toString());
        ok("thing-group", "create", "line");
        ok("thing-group", "add-thing", "line", "gg1");

        String group = deploymentId(ok("deployment", "create", "--target", "group:line", "--component", "com.example.Hello=1.0.0"));
        assertThat(cloud.jobs().executionsOfJob(group)).as("the group's job, at once").extracting(JobExecution::thingName).containsExactly("gg1");
        assertThat(ok("deployment", "status", group).text()).contains("gg1  QUEUED").doesNotContain("not delivered yet");
        try (NucleusProtocolClient n = new NucleusProtocolClient(creds("gg1"), cloud.greengrassEndpoint().orElseThrow())) {
            JsonNode next = n.describeNext();
            assertThat(next).as("the device's first ask has it").isNotNull();
            assertThat(next.get("jobId").asText()).isEqualTo(group);
            n.update(group, "IN_PROGRESS", null);
            assertThat(ok("deployment", "status", group).text()).as("what the device just reported").contains("gg1  IN_PROGRESS");
        }

        ok("thing-group", "add-thing", "line", "gg2");
        assertThat(cloud.jobs().executionsOfJob(group)).as("a member added later, at once").extracting(JobExecution::thingName)
                .containsExactlyInAnyOrder("gg1", "gg2");

        String thing = deploymentId(ok("deployment", "create", "--target", "thing:gg2", "--component", "com.example.Hello=1.0.0"));
        JsonNode desired = cloud.shadows().document("gg2", ShadowDeploymentDelivery.SHADOW_NAME).orElseThrow().path("state").path("desired");
        assertThat(desired.path("fleetConfig").asText()).as("the deployment shadow, at once").contains(thing);
        assertThat(desired.path("desiredStatus").asText()).isEqualTo("ACTIVE");
        assertThat(ok("deployment", "status", thing).text()).contains("gg2  QUEUED");

        ok("deployment", "cancel", group);
        assertThat(cloud.jobs().executionsOfJob(group)).as("the group's job canceled, at once").extracting(e -> e.status().name())
                .containsOnly("CANCELED");
        ok("deployment", "cancel", thing);
        assertThat(cloud.shadows().document("gg2", ShadowDeploymentDelivery.SHADOW_NAME).orElseThrow()
                .path("state").path("desired").path("desiredStatus").asText()).isEqualTo("CANCELED");
    }

    private static String deploymentId(Out created) {
        Matcher m = Pattern.compile("Deployment (\\S+) created").matcher(created.text());
        assertThat(m.find()).as(created.text()).isTrue();
        return m.group(1);
    }

    private DeviceCredentials creds(String thing) throws Exception {
        Path out = dir.resolve(thing);
        return new DeviceCredentials(thing, Files.readString(out.resolve("certificate.pem.crt")), Files.readString(out.resolve("private.pem.key")),
                Files.readString(out.resolve("root-ca.pem")), cloud.mqttEndpoint());
    }
}
