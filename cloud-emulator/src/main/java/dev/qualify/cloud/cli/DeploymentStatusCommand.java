package dev.qualify.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qualify.cloud.admin.AdminClient;
import dev.qualify.cloud.greengrass.DeploymentRecord;
import dev.qualify.cloud.greengrass.DeviceExecution;
import dev.qualify.cloud.greengrass.GreengrassService;
import dev.qualify.cloud.greengrass.SavedJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code qualify cloud deployment status ID --data-dir D}: each target device's execution of a deployment. A thing
 * deployment's executions are in the Greengrass state; a group deployment's are its job's, asked of the cloud running
 * on the data dir (so what a device reported a moment ago is there), or read from the jobs it last saved.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows each core device's execution of a deployment, with the status details its nucleus reported",
                "(as the cloud running on the data dir has them; with none running, as it last saved them)."})
public final class DeploymentStatusCommand extends GreengrassQuery {
    @Parameters(index = "0", paramLabel = "ID", description = "deployment id")
    String id;

    @Override
    int run(GreengrassService gg) throws LiveCloud.Failure {
        DeploymentRecord d = gg.deployment(id).orElseThrow(() -> GreengrassCli.bad("no such deployment: " + id));
        PrintWriter o = out();
        o.println("Deployment " + d.deploymentId() + " (" + d.deploymentName() + ") " + d.status() + ", target " + d.targetArn()
                + ", failure handling " + d.failureHandlingPolicy());
        List<DeviceExecution> execs = d.isThingGroup() ? jobExecutions(d.deploymentId())
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
        return 0;
    }

    /** The executions of a group deployment's job: the running cloud's, or those in its saved {@code jobs.json}. */
    private List<DeviceExecution> jobExecutions(String jobId) throws LiveCloud.Failure {
        Optional<AdminClient> cloud = LiveCloud.find(dataDir());
        if (cloud.isEmpty()) return SavedJobs.executionsOfJob(dataDir(), jobId).stream().map(DeviceExecution::of).toList();
        List<DeviceExecution> out = new ArrayList<>();
        for (JsonNode e : LiveCloud.call(cloud.get(), "jobs/list", JsonNodeFactory.instance.objectNode())) {
            if (!e.path("jobId").asText().equals(jobId)) continue;
            Map<String, String> details = new LinkedHashMap<>();
            e.path("statusDetails").properties().forEach(p -> details.put(p.getKey(), p.getValue().asText()));
            out.add(new DeviceExecution(jobId, e.path("thing").asText(), e.path("status").asText(), details, e.path("queuedAt").asLong(),
                    e.path("lastUpdatedAt").asLong()));
        }
        return out;
    }
}
