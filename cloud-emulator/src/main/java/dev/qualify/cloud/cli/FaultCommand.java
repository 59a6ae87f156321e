package dev.qualify.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qualify.cloud.admin.AdminClient;
import dev.qualify.cloud.fault.FaultSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@code qualify cloud fault CLIENT_ID FAULT [ARG]} and {@code qualify cloud fault list}: faults on the running cloud. */
@Command(name = "fault", mixinStandardHelpOptions = true,
        description = {"Arms a fault towards one client of the running cloud (or every client without its own: CLIENT_ID *),",
                "in force when the command returns; or lists what is armed. Faults live in the running cloud only.",
                "  withhold-connack [N]    read the next N CONNECTs and never answer (N: a number or always; default 1)",
                "  drop-after-connack [N]  accept the next N CONNECTs, then close the connection",
                "  withhold-puback [N]     drop the PUBACK (PUBREC) of the next N PUBLISHes",
                "  withhold-suback [N], withhold-pingresp [N], refuse-connect CODE [N]",
                "  latency 200ms           delay every packet the cloud sends to the client (latency 0: off)",
                "  loss 5%%                 drop each PUBLISH to or from the client with this chance (loss 0%%: off)",
                "  clear                   disarm everything for the client",
                "qualify cloud fault list --data-dir D shows what is armed."})
public final class FaultCommand extends LiveCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(arity = "1..*", paramLabel = "CLIENT_ID FAULT [ARG]", description = "a client id and a fault, or: list")
    List<String> words;

    @Override
    int run() throws LiveCloud.Failure {
        if (words.size() == 1 && words.get(0).equals("list")) return list(out());
        if (words.size() < 2) throw new LiveCloud.Failure(2, "give a client id and a fault (one of " + FaultSpec.NAMES + "), or: list");
        FaultSpec f;
        try {
            f = FaultSpec.parse(words.subList(1, words.size()));
        } catch (IllegalArgumentException e) {
            throw new LiveCloud.Failure(2, e.getMessage());
        }
        AdminClient admin = LiveCloud.require(dataDir(), "a fault");
        ObjectNode req = JSON.createObjectNode().put("client", words.get(0));
        req.set("fault", JSON.valueToTree(f));
        JsonNode r = LiveCloud.call(admin, "faults/set", req);
        out().println(words.get(0) + ": " + describe(r.path("armed")) + "  (on the cloud running as pid " + admin.pid() + ")");
        return 0;
    }

    private int list(PrintWriter out) throws LiveCloud.Failure {
        JsonNode r = LiveCloud.call(LiveCloud.require(dataDir(), "fault list"), "faults/list", JSON.createObjectNode());
        if (r.isEmpty()) out.println("no faults armed");
        for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.println(e.getKey() + "  " + describe(e.getValue()));
        }
        out.flush();
        return 0;
    }

    private static String describe(JsonNode armed) {
        if (armed.isEmpty()) return "no faults armed";
        StringBuilder b = new StringBuilder();
        armed.fields().forEachRemaining(e -> b.append(b.length() == 0 ? "" : " ").append(e.getKey()).append('=').append(e.getValue().asText()));
        return b.toString();
    }
}
