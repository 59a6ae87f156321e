package dev.qualify.cloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qualify cloud shadow get|update THING}: a thing's Device Shadow on the running cloud, as an application
 * would change it: an update publishes {@code update/accepted}, {@code update/documents} and {@code update/delta} to
 * subscribed devices before the command returns.
 */
@Command(name = "shadow", mixinStandardHelpOptions = true, description = "Read or update a Device Shadow on the running cloud (or in the data dir when none runs).",
        subcommands = {ShadowCommand.Get.class, ShadowCommand.Update.class})
public final class ShadowCommand extends GroupCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    abstract static class ShadowOptions extends LiveCommand {
        @Parameters(index = "0", paramLabel = "THING", description = "thing name")
        String thing;

        @Option(names = "--name", paramLabel = "N", description = "a named shadow (default: the classic shadow)")
        String name;

        ObjectNode request() {
            ObjectNode r = JSON.createObjectNode().put("thing", thing);
            if (name != null) r.put("name", name);
            return r;
        }
    }

    /** {@code qualify cloud shadow get THING [--name N]}: prints the document as {@code get/accepted} has it. */
    @Command(name = "get", mixinStandardHelpOptions = true, description = "Prints the shadow document (state, metadata, version).")
    public static final class Get extends ShadowOptions {
        @Override
        int run() throws LiveCloud.Failure {
            LiveCloud.requireThing(dataDir(), thing);
            JsonNode doc = LiveCloud.callOrOffline(dataDir(), "shadow/get", request(), err());
            out().println(doc.toPrettyString());
            return 0;
        }
    }

    /** {@code qualify cloud shadow update THING --document FILE|- [--name N]}. */
    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Applies an update request such as {\"state\":{\"desired\":{\"led\":\"on\"}}} and prints the accepted document.")
    public static final class Update extends ShadowOptions {
        @Option(names = "--document", required = true, paramLabel = "FILE", description = "the update request, or - for standard input")
        String document;

        @Override
        int run() throws LiveCloud.Failure {
            JsonNode req = LiveCloud.jsonObject(document);
            JsonNode state = req.get("state");
            if (state == null) throw new LiveCloud.Failure(2, document + ": no field 'state' (e.g. {\"state\":{\"desired\":{...}}})");
            if (!state.isObject() && !state.isNull()) throw new LiveCloud.Failure(2, document + ": field 'state' must be an object");
            LiveCloud.requireThing(dataDir(), thing);
            ObjectNode call = request().put("request", req.toString());
            JsonNode accepted = LiveCloud.callOrOffline(dataDir(), "shadow/update", call, err());
            out().println(accepted.toPrettyString());
            return 0;
        }
    }
}
