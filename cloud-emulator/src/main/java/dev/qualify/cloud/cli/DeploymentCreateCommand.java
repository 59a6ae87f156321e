package dev.qualify.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.qualify.cloud.greengrass.ComponentSpec;
import dev.qualify.cloud.greengrass.DeploymentRecord;
import dev.qualify.cloud.greengrass.DeploymentRequest;
import dev.qualify.cloud.greengrass.GreengrassService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code qualify cloud deployment create --target thing:T|group:G --component NAME=VERSION[,...]}: a cloud running on
 * the data dir has delivered it (deployment shadow or job) when the command returns.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Creates a deployment; it supersedes the target's previous one. A running cloud delivers it to a thing",
                "through its AWSManagedGreengrassV2Deployment shadow, to every thing of a group as an IoT job",
                "(namespace aws-gg-deployment)."})
public final class DeploymentCreateCommand extends GreengrassCommand {
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

    @Override
    int run(GreengrassService gg) {
        Map<String, ComponentSpec> specs = new LinkedHashMap<>();
        for (String c : components) {
            int eq = c.indexOf('=');
            if (eq <= 0 || eq == c.length() - 1) throw GreengrassCli.bad("--component " + c + ": expected NAME=VERSION");
            specs.put(c.substring(0, eq).trim(), new ComponentSpec(c.substring(eq + 1).trim(), null));
        }
        if (configurationUpdate != null) applyConfigurationUpdates(specs);
        DeploymentRecord d = gg.createDeployment(new DeploymentRequest(target, name, specs, failureHandling));
        out().println("Deployment " + d.deploymentId() + " created for " + d.targetArn() + " (revision " + d.revision() + ").");
        out().println("  qualify cloud deployment status " + d.deploymentId() + " --data-dir " + dataDir());
        return 0;
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
