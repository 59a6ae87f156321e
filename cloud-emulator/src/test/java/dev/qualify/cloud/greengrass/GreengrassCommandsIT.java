package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.spi.CommandProvider;
import dev.qualify.cloud.EmulatedCloud;
import dev.qualify.cloud.cli.StartCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Greengrass {@code qualify cloud} commands on a data dir, with and without a running cloud. */
class GreengrassCommandsIT {
    @TempDir
    Path dir;

    private record Out(int exit, String text) {
    }

    private static CommandLine cli(StringWriter out) {
        Object cmd = ServiceLoader.load(CommandProvider.class).stream().map(ServiceLoader.Provider::get).findFirst().orElseThrow().newCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl;
    }

    private Out run(String... args) {
        StringWriter o = new StringWriter();
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, args.length);
        full[args.length] = "--data-dir";
        full[args.length + 1] = dir.resolve("data").toString();
        int exit = cli(o).execute(full);
        return new Out(exit, o.toString());
    }

    private Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    private static final String RECIPE = """
            ComponentName: com.example.Hello
            ComponentVersion: "%s"
            Manifests:
              - Platform: {os: linux}
                Lifecycle: {Run: "sh {artifacts:path}/hello.sh"}
                Artifacts:
                  - Uri: s3://bucket/hello.sh
            """;

    @Test
    void badInputExitsWithTwoAndNamesTheFileAndTheField() throws Exception {
        file("art/hello.sh", "echo hi\n");
        String art = dir.resolve("art").toString();
        Out yaml = run("component", "create", "--recipe", file("bad.yaml", "ComponentName: [x").toString());
        assertThat(yaml.exit()).isEqualTo(2);
        assertThat(yaml.text()).contains("bad.yaml: the recipe is not valid YAML at line 1, column ");
        Out json = run("component", "create", "--recipe", file("bad.json", "{\"ComponentName\": ").toString());
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.text()).contains("bad.json: the recipe is not valid JSON at line 1, column ");
        Out noName = run("component", "create", "--recipe", file("noname.yaml", "ComponentVersion: 1.0.0").toString());
        assertThat(noName.exit()).isEqualTo(2);
        assertThat(noName.text()).contains("noname.yaml: ComponentName is missing");
        Out noVersion = run("component", "create", "--recipe", file("nov.yaml", "ComponentName: a.b").toString());
        assertThat(noVersion.exit()).isEqualTo(2);
        assertThat(noVersion.text()).contains("nov.yaml: ComponentVersion is missing");
        Out semver = run("component", "create", "--recipe", file("sem.yaml", RECIPE.formatted("1.0")).toString(), "--artifacts", art);
        assertThat(semver.exit()).isEqualTo(2);
        assertThat(semver.text()).contains("sem.yaml: ComponentVersion '1.0' is not a semantic version");
        Out missing = run("component", "create", "--recipe", file("miss.yaml", RECIPE.formatted("1.0.0")).toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.text()).contains("miss.yaml: Manifests[0].Artifacts[0].Uri: artifact 'hello.sh' not found");
        Out unreadable = run("component", "create", "--recipe", dir.resolve("nope.yaml").toString());
        assertThat(unreadable.exit()).isEqualTo(2);
        assertThat(unreadable.text()).contains("nope.yaml: cannot read the recipe");

        assertThat(run("component", "create", "--recipe", file("ok.yaml", RECIPE.formatted("1.0.0")).toString(), "--artifacts", art).exit()).isZero();
        Out dup = run("component", "create", "--recipe", dir.resolve("ok.yaml").toString(), "--artifacts", art);
        assertThat(dup.exit()).isEqualTo(2);
        assertThat(dup.text()).contains("already exists");
        assertThat(run("thing", "create", "core1", "--out", dir.resolve("core1").toString()).exit()).isZero();

        Out unknownVersion = run("deployment", "create", "--target", "thing:core1", "--component", "com.example.Hello=9.9.9");
        assertThat(unknownVersion.exit()).isEqualTo(2);
        assertThat(unknownVersion.text()).contains("unknown component version com.example.Hello=9.9.9");
        Out unknownThing = run("deployment", "create", "--target", "thing:ghost", "--component", "com.example.Hello=1.0.0");
        assertThat(unknownThing.exit()).isEqualTo(2);
        assertThat(unknownThing.text()).contains("no such thing: ghost");
        Out unknownGroup = run("deployment", "create", "--target", "group:nobody", "--component", "com.example.Hello=1.0.0");
        assertThat(unknownGroup.exit()).isEqualTo(2);
        assertThat(unknownGroup.text()).contains("no such thing group: nobody");
        Out badTarget = run("deployment", "create", "--target", "core1", "--component", "com.example.Hello=1.0.0");
        assertThat(badTarget.exit()).isEqualTo(2);
        assertThat(badTarget.text()).contains("target must be thing:T, group:G");
        Out badComponent = run("deployment", "create", "--target", "thing:core1", "--component", "com.example.Hello");
        assertThat(badComponent.exit()).isEqualTo(2);
        assertThat(badComponent.text()).contains("--component com.example.Hello: expected NAME=VERSION");
        Out badUpdate = run("deployment", "create", "--target", "thing:core1", "--component", "com.example.Hello=1.0.0",
                "--configuration-update", file("cu.json", "{\"other.Component\": {\"merge\": {}}}").toString());
        assertThat(badUpdate.exit()).isEqualTo(2);
        assertThat(badUpdate.text()).contains("cu.json: other.Component is not a component of this deployment");
        Out badMerge = run("deployment", "create", "--target", "thing:core1", "--component", "com.example.Hello=1.0.0",
                "--configuration-update", file("cu2.json", "{\"com.example.Hello\": {\"merge\": [1]}}").toString());
        assertThat(badMerge.exit()).isEqualTo(2);
        assertThat(badMerge.text()).contains("configurationUpdate.merge must be an object");
        Out notJson = run("deployment", "create", "--target", "thing:core1", "--component", "com.example.Hello=1.0.0",
                "--configuration-update", file("cu3.json", "{oops").toString());
        assertThat(notJson.exit()).isEqualTo(2);
        assertThat(notJson.text()).contains("cu3.json: not valid JSON or YAML");
        Out unknownGroupAdd = run("thing-group", "add-thing", "nobody", "core1");
        assertThat(unknownGroupAdd.exit()).isEqualTo(2);
        Out status = run("deployment", "status", "no-such-id");
        assertThat(status.exit()).isEqualTo(2);
        Out cancel = run("deployment", "cancel", "no-such-id");
        assertThat(cancel.exit()).isEqualTo(2);
        assertThat(cancel.text()).contains("no such deployment: no-such-id");
        Out role = run("role-alias", "create", "Alias", "--role-arn", "not-an-arn");
        assertThat(role.exit()).isEqualTo(2);
        assertThat(role.text()).contains("--role-arn must be an IAM role ARN");
        assertThat(run("deployment", "list").text()).isEmpty();
    }

    @Test
    void aRunningCloudDeliversWhatTheCommandsCreateAndTheyShowWhatTheDeviceReported() throws Exception {
        StringWriter startOut = new StringWriter();
        CommandLine startCli = cli(startOut);
        StartCommand start = startCli.getSubcommands().get("start").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> startCli.execute("start", "--data-dir",
                dir.resolve("data").toString(), "--port", "0"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> startOut.toString().contains("Stop with Ctrl-C") || exit.isDone());
        try {
            EmulatedCloud cloud = start.cloud();
            int dp = cloud.greengrassEndpoint().orElseThrow().port();
            assertThat(startOut.toString()).contains("Greengrass data plane and credentials: https://localhost:" + dp);

            Out thing = run("thing", "create", "gg1", "--out", dir.resolve("gg1").toString(), "--greengrass");
            assertThat(thing.exit()).as(thing.text()).isZero();
            assertThat(thing.text()).contains("thingName: \"gg1\"", "greengrassDataPlanePort: " + dp, "iotCredEndpoint: \"localhost:" + dp + "\"",
                    "port: " + cloud.mqttEndpoint().port(), "greengrassDataPlaneEndpoint: \"iotdata\"",
                    "rootCaPath: \"" + dir.resolve("gg1").toAbsolutePath().resolve("root-ca.pem") + "\"");
            assertThat(run("thing", "create", "gg2", "--out", dir.resolve("gg2").toString()).exit()).isZero();

            file("art/hello.sh", "echo hi\n");
            Out comp = run("component", "create", "--recipe", file("hello.yaml", RECIPE.formatted("1.0.0")).toString(),
                    "--artifacts", dir.resolve("art").toString());
            assertThat(comp.exit()).as(comp.text()).isZero();
            assertThat(run("component", "list").text()).contains("com.example.Hello  1.0.0  1 artifact(s)");
            assertThat(run("thing-group", "create", "line").exit()).isZero();
            assertThat(run("thing-group", "add-thing", "line", "gg1").exit()).isZero();
            Out dep = run("deployment", "create", "--target", "group:line", "--component", "com.example.Hello=1.0.0",
                    "--configuration-update", file("cu.yaml", "com.example.Hello:\n  merge: '{\"Message\": \"hi\"}'\n").toString());
            assertThat(dep.exit()).as(dep.text()).isZero();
            Matcher m = Pattern.compile("Deployment (\\S+) created").matcher(dep.text());
            assertThat(m.find()).isTrue();
            String id = m.group(1);

            try (NucleusProtocolClient n = new NucleusProtocolClient(creds("gg1", cloud), cloud.greengrassEndpoint().orElseThrow())) {
                JsonNode exec = awaitExecution(n);
                assertThat(exec.get("jobId").asText()).isEqualTo(id);
                assertThat(exec.path("jobDocument").path("components").path("com.example.Hello").path("configurationUpdate")
                        .path("merge").path("Message").asText()).isEqualTo("hi");
                n.update(id, "IN_PROGRESS", null);
                n.update(id, "FAILED", Map.of("detailed-deployment-status", "FAILED_ROLLBACK_COMPLETE",
                        "deployment-failure-cause", "install script exited with 1"));
                n.publishHealth("UNHEALTHY", "THING_GROUP_DEPLOYMENT");
            }
            assertThat(run("thing-group", "add-thing", "line", "gg2").exit()).isZero();
            try (NucleusProtocolClient n = new NucleusProtocolClient(creds("gg2", cloud), cloud.greengrassEndpoint().orElseThrow())) {
                assertThat(awaitExecution(n).get("jobId").asText()).as("added to the group later").isEqualTo(id);
            }
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
                Out st = run("deployment", "status", id);
                assertThat(st.text()).contains("gg1  FAILED", "detailed-deployment-status: FAILED_ROLLBACK_COMPLETE",
                        "deployment-failure-cause: install script exited with 1", "gg2  QUEUED", "failure handling ROLLBACK");
            });
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(run("core-device", "list").text()).contains("gg1  UNHEALTHY  nucleus 2.18.0  linux/amd64", "(THING_GROUP_DEPLOYMENT)"));
            assertThat(run("deployment", "list").text()).contains(id + "  ACTIVE  arn:aws:iot:us-east-1:000000000000:thinggroup/line  com.example.Hello=1.0.0");

            Out thingDep = run("deployment", "create", "--target", "thing:gg2", "--component", "com.example.Hello=1.0.0");
            Matcher tm = Pattern.compile("Deployment (\\S+) created").matcher(thingDep.text());
            assertThat(tm.find()).as(thingDep.text()).isTrue();
            try (NucleusProtocolClient n = new NucleusProtocolClient(creds("gg2", cloud), cloud.greengrassEndpoint().orElseThrow());
                 ShadowDeploymentDevice device = new ShadowDeploymentDevice(n)) {
                ShadowDeploymentDevice.Received r = device.awaitDeployment(java.time.Duration.ofSeconds(30));
                assertThat(r.configuration().get("deploymentId").asText()).as("through the deployment shadow").isEqualTo(tm.group(1));
                device.report(r.configurationArn(), "SUCCEEDED", "SUCCESSFUL", null);
            }
            await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(run("deployment", "status", tm.group(1)).text())
                    .contains("gg2  SUCCEEDED", "detailedStatus: SUCCESSFUL"));

            Out role = run("role-alias", "create", "TokenRoleAlias", "--role-arn", "arn:aws:iam::000000000000:role/TokenRole");
            assertThat(role.exit()).as(role.text()).isZero();
            try (NucleusProtocolClient n = new NucleusProtocolClient(creds("gg1", cloud), cloud.greengrassEndpoint().orElseThrow())) {
                HttpResponse<String> c = n.get("/role-aliases/TokenRoleAlias/credentials", "x-amzn-iot-thingname", "gg1");
                assertThat(c.statusCode()).isEqualTo(200);
            }
        } finally {
            start.stop();
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    void aTakenDataPlanePortStopsTheStartWithExitThreeNamingThePort() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Out o = run("start", "--port", "0", "--greengrass-port", String.valueOf(taken.getLocalPort()));
            assertThat(o.exit()).isEqualTo(3);
            assertThat(o.text()).contains("127.0.0.1:" + taken.getLocalPort(), "Greengrass data plane", "--greengrass-port");
        }
    }

    /** Asks for the next job until the cloud (which picks up command changes within half a second) has queued one. */
    private static JsonNode awaitExecution(NucleusProtocolClient n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonNode e = n.describeNext();
            if (e != null) return e;
            Thread.sleep(200);
        }
        throw new AssertionError("no job for " + n.thing());
    }

    private DeviceCredentials creds(String thing, EmulatedCloud cloud) throws Exception {
        Path out = dir.resolve(thing);
        return new DeviceCredentials(thing, Files.readString(out.resolve("certificate.pem.crt")), Files.readString(out.resolve("private.pem.key")),
                Files.readString(out.resolve("root-ca.pem")), cloud.mqttEndpoint());
    }
}
