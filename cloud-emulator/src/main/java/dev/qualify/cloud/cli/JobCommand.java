package dev.qualify.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code qualify cloud job create|list|cancel}: IoT jobs on the running cloud; a created or canceled job is notified
 * to its things ({@code $aws/things/T/jobs/notify} and {@code notify-next}) before the command returns.
 */
@Command(name = "job", mixinStandardHelpOptions = true, description = "Create, list and cancel IoT jobs on the running cloud (or in the data dir when none runs).",
        subcommands = {JobCommand.Create.class, JobCommand.ListJobs.class, JobCommand.Cancel.class})
public final class JobCommand extends GroupCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code qualify cloud job create --thing T [--thing T2] --document FILE [--namespace N] [--job-id ID]}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a job for things and prints its id.")
    public static final class Create extends LiveCommand {
        @Option(names = "--thing", required = true, paramLabel = "T", description = "a target thing (repeatable)")
        List<String> things;

        @Option(names = "--document", required = true, paramLabel = "FILE", description = "the job document (a JSON object), or -")
        String document;

        @Option(names = "--namespace", paramLabel = "N", description = "a jobs namespace, e.g. aws-gg-deployment (also notified on notify-namespace-N)")
        String namespace;

        @Option(names = "--job-id", paramLabel = "ID", description = "the job id (default: job-TIME-RANDOM)")
        String jobId;

        @Override
        int run() throws LiveCloud.Failure {
            JsonNode doc = LiveCloud.jsonObject(document);
            if (namespace != null && !namespace.matches("[a-zA-Z0-9_-]{1,64}")) {
                throw new LiveCloud.Failure(2, "invalid --namespace '" + namespace + "' (1-64 of a-z A-Z 0-9 _ -)");
            }
            String id = jobId != null ? jobId : "job-" + Instant.now().getEpochSecond() + "-" + HexFormat.of().formatHex(random(3));
            if (!id.matches("[a-zA-Z0-9_-]{1,64}")) throw new LiveCloud.Failure(2, "invalid --job-id '" + id + "' (1-64 of a-z A-Z 0-9 _ -)");
            for (String t : things) LiveCloud.requireThing(dataDir(), t);
            ObjectNode req = JSON.createObjectNode().put("jobId", id);
            things.forEach(req.putArray("things")::add);
            req.set("document", doc);
            if (namespace != null) req.put("namespace", namespace);
            LiveCloud.callOrOffline(dataDir(), "jobs/create", req, err());
            out().println(id);
            return 0;
        }

        private static byte[] random(int n) {
            byte[] b = new byte[n];
            new SecureRandom().nextBytes(b);
            return b;
        }
    }

    /** {@code qualify cloud job list [--thing T]}: one execution a line. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists job executions: job id, thing, status, version.")
    public static final class ListJobs extends LiveCommand {
        @Option(names = "--thing", paramLabel = "T", description = "only this thing's")
        String thing;

        @Override
        int run() throws LiveCloud.Failure {
            ObjectNode req = JSON.createObjectNode();
            if (thing != null) req.put("thing", thing);
            JsonNode list = LiveCloud.callOrOffline(dataDir(), "jobs/list", req, err());
            for (JsonNode e : list) {
                out().println(e.get("jobId").asText() + "  " + e.get("thing").asText() + "  " + e.get("status").asText()
                        + "  version " + e.get("versionNumber").asLong()
                        + (e.path("statusDetails").isEmpty() ? "" : "  " + e.get("statusDetails")));
            }
            return 0;
        }
    }

    /** {@code qualify cloud job cancel ID}. */
    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a job: its executions that are not done become CANCELED.")
    public static final class Cancel extends LiveCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "job id")
        String jobId;

        @Override
        int run() throws LiveCloud.Failure {
            LiveCloud.callOrOffline(dataDir(), "jobs/cancel", JSON.createObjectNode().put("jobId", jobId), err());
            out().println("Job " + jobId + " canceled");
            return 0;
        }
    }
}
