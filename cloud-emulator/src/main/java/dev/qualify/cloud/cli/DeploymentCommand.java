package dev.qualify.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.qualify.cloud.greengrass.ComponentSpec;
import dev.qualify.cloud.greengrass.DeploymentRecord;
import dev.qualify.cloud.greengrass.DeploymentRequest;
import dev.qualify.cloud.greengrass.DeviceExecution;
import dev.qualify.cloud.greengrass.GreengrassService;
import dev.qualify.cloud.greengrass.SavedJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code qualify cloud deployment ...}: Greengrass V2 deployments in the data dir. */
@Command(name = "deployment", mixinStandardHelpOptions = true, description = "Manage Greengrass V2 deployments.",
        subcommands = {DeploymentCommand.Create.class, DeploymentCommand.ListDeployments.class, DeploymentCommand.Status.class,
                DeploymentCommand.Cancel.class})
public final class DeploymentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code qualify cloud deployment create --target thing:T|group:G --component NAME=VERSION[,...]}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a deployment; it supersedes the target's previous one. A running cloud delivers it to a thing",
                    "through its AWSManagedGreengrassV2Deployment shadow, to every thing of a group as an IoT job",
                    "(namespace aws-gg-deployment)."})
    public static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--target", required = true, paramLabel = "thing:T|group:G", description = "a core device thing or a thing group")
        String target;

        @Option(names = "--component", required = true, split = ",", paramLabel = "NAME=VERSION", description = "components to deploy")
        List<String> components;

        @Option(names = "--configuration-update", paramLabel = "FILE",
                description = "JSON or YAML: {COMPONENT: {merge: {...}, reset: [\"/path\"]}}")
        Path configurationUpdate;

        @Option(names = "--failure-handling", paramLabel = "POLICY", defaultValue = "ROLLBACK",
                description = "ROLLBACK or DO_NOTHING (default: ${DEFAULT-VALUE})")
        String failureHandling;

        @Option(names = "--name", description = "deployment name")
        String name;

        @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            return GreengrassCli.run(spec, () -> {
                Map<String, ComponentSpec> specs = new LinkedHashMap<>();
                for (String c : components) {
                    int eq = c.indexOf('=');
                    if (eq <= 0 || eq == c.length() - 1) throw GreengrassCli.bad("--component " + c + ": expected NAME=VERSION");
                    specs.put(c.substring(0, eq).trim(), new ComponentSpec(c.substring(eq + 1).trim(), null));
                }
                if (configurationUpdate != null) applyConfigurationUpdates(specs);
                DeploymentRecord d = GreengrassCli.open(dataDir).createDeployment(new DeploymentRequest(target, name, specs, failureHandling));
                PrintWriter o = spec.commandLine().getOut();
                o.println("Deployment " + d.deploymentId() + " created for " + d.targetArn() + " (revision " + d.revision() + ").");
                o.println("  qualify cloud deployment status " + d.deploymentId() + " --data-dir " + dataDir);
                o.flush();
                return 0;
            });
        }

        private void applyConfigurationUpdates(Map<String, ComponentSpec> specs) {
            JsonNode root;
            try {
                root = new YAMLMapper().readTree(Files.readAllBytes(configurationUpdate));
            } catch (IOException e) {
                throw GreengrassCli.bad(configurationUpdate + ": not valid JSON or YAML (" + e.getClass().getSimpleName() + ")");
            }
            if (root == null || !root.isObject()) throw GreengrassCli.bad(configurationUpdate + ": must be an object keyed by component name");
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                ComponentSpec s = specs.get(e.getKey());
                if (s == null) throw GreengrassCli.bad(configurationUpdate + ": " + e.getKey() + " is not a component of this deployment");
                specs.put(e.getKey(), new ComponentSpec(s.componentVersion(), e.getValue()));
            }
        }
    }

    /** {@code qualify cloud deployment list --data-dir D}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists deployments, oldest first.")
    public static final class ListDeployments implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
        Path dataDir;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            for (DeploymentRecord d : GreengrassCli.open(dataDir).listDeployments()) {
                StringBuilder comps = new StringBuilder();
                d.components().forEach((n, s) -> comps.append(comps.length() == 0 ? "" : ",").append(n).append('=').append(s.componentVersion()));
                o.println(d.deploymentId() + "  " + d.status() + "  " + d.targetArn() + "  " + comps + "  "
                        + Instant.ofEpochMilli(d.creationTimestamp()));
            }
            o.flush();
            return 0;
        }
    }

    /** {@code qualify cloud deployment status ID --data-dir D}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Shows each core device's execution of a deployment, with the status details its nucleus reported",
                    "(as the running cloud last saved them, within half a second)."})
    public static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "deployment id")
        String id;

        @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            return GreengrassCli.run(spec, () -> {
                GreengrassService gg = GreengrassCli.open(dataDir);
                DeploymentRecord d = gg.deployment(id).orElseThrow(() -> GreengrassCli.bad("no such deployment: " + id));
                PrintWriter o = spec.commandLine().getOut();
                o.println("Deployment " + d.deploymentId() + " (" + d.deploymentName() + ") " + d.status() + ", target " + d.targetArn()
                        + ", failure handling " + d.failureHandlingPolicy());
                List<DeviceExecution> execs = d.isThingGroup()
                        ? SavedJobs.executionsOfJob(dataDir, d.deploymentId()).stream().map(DeviceExecution::of).toList()
                        : gg.thingExecutions().of(d.deploymentId()).stream().toList();
                for (String thing : gg.targetThings(d)) {
                    Optional<DeviceExecution> e = execs.stream().filter(x -> x.thingName().equals(thing)).findFirst();
                    if (e.isEmpty()) {
                        o.println("  " + thing + "  not delivered yet (delivered by a running qualify cloud start)");
                        continue;
                    }
                    o.println("  " + thing + "  " + e.get().status() + "  updated " + Instant.ofEpochSecond(e.get().lastUpdatedAt()));
                    e.get().statusDetails().forEach((k, v) -> o.println("      " + k + ": " + v));
                }
                o.flush();
                return 0;
            });
        }
    }

    /** {@code qualify cloud deployment cancel ID --data-dir D}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancels an ACTIVE deployment. A running cloud cancels its job (group), or sets the thing's",
                    "AWSManagedGreengrassV2Deployment shadow to desiredStatus CANCELED (thing)."})
    public static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "deployment id")
        String id;

        @Option(names = "--data-dir", required = true, description = "the cloud's data dir")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            return GreengrassCli.run(spec, () -> {
                DeploymentRecord d = GreengrassCli.open(dataDir).cancelDeployment(id);
                spec.commandLine().getOut().println("Deployment " + d.deploymentId() + " to " + d.targetArn() + " CANCELED.");
                spec.commandLine().getOut().flush();
                return 0;
            });
        }
    }
}
