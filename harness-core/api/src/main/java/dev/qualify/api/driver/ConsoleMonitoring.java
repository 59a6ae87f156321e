package dev.qualify.api.driver;

import dev.qualify.api.device.Transcript;
import org.apiguardian.api.API;

import java.util.List;

/**
 * The engine's side of a console: where its raw bytes are logged and which strings mean the device died. Console
 * drivers implement it (every {@link StreamConsole} does); tests never see it.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface ConsoleMonitoring {

    /** Replaces the death strings: substrings whose appearance fails any wait at once. */
    void setDeathStrings(List<String> deathStrings);

    /**
     * Directs the raw transcript to {@code sink} from now on: the bytes received as they arrive, and what each wait
     * consumes as {@link Transcript#read} (the engine keeps the first in the group's log and gives the second to the
     * log of the test that read it).
     */
    void setTranscript(Transcript sink);

    /**
     * From now on the output can no longer be trusted (the board rebooted into another image, its process died):
     * what the device sent before this call can still be read, then every wait ends with {@code cause} (its type
     * and message), and what arrives later is never returned. The first cause wins. A console that does not
     * support it ignores it.
     */
    default void abort(dev.qualify.api.device.InfrastructureException cause) {
    }
}
