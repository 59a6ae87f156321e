package dev.qualify.cloud.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.qualify.cloud.admin.AdminClient;
import dev.qualify.cloud.greengrass.GreengrassException;
import dev.qualify.cloud.greengrass.GreengrassService;

import java.util.Optional;

/**
 * A Greengrass {@code qualify cloud} command: it works on the data dir's Greengrass model ({@link GreengrassService}
 * on {@code greengrass/state.json}, shared with a running cloud). One that {@link #changes() changes} it then tells a
 * cloud running on the data dir through its admin endpoint ({@code greengrass/sync}), which delivers the change
 * (deployment shadows, jobs, new group members) before the command returns; with no cloud running, the change is
 * in the data dir for one started later. Bad input ({@link GreengrassException}) prints "qualify cloud CMD: message"
 * and exits 2; a cloud that cannot be told exits 3.
 */
abstract class GreengrassCommand extends DataDirCommand {
    /** The command's work; 0 when done. */
    abstract int run(GreengrassService gg) throws Exception;

    /** Whether the command changes the model, so that a running cloud must be told (true unless overridden). */
    boolean changes() {
        return true;
    }

    @Override
    public final Integer call() throws Exception {
        try {
            Optional<AdminClient> cloud = changes() ? LiveCloud.find(dataDir()) : Optional.empty();
            int code = run(GreengrassCli.open(dataDir()));
            out().flush();
            if (cloud.isPresent()) LiveCloud.call(cloud.get(), "greengrass/sync", JsonNodeFactory.instance.objectNode());
            return code;
        } catch (GreengrassException | LiveCloud.Failure e) {
            err().println("qualify cloud " + path() + ": " + e.getMessage());
            err().flush();
            return e instanceof LiveCloud.Failure f ? f.code : 2;
        }
    }
}
