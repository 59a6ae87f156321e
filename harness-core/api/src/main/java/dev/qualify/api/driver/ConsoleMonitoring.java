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
}
