package dev.qualify.connectors.power;

import dev.qualify.api.device.PowerControl;
import dev.qualify.api.device.Transcript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Power that cannot be switched: each action is a no-op that says, in the transcript and the log, that it did
 * nothing. Thread-safe; never blocks.
 */
public final class ManualPower implements PowerControl {
    private static final Logger LOG = LoggerFactory.getLogger(ManualPower.class);
    private final String deviceId;
    private final String note;
    private final Transcript transcript;

    /**
     * @param deviceId   for messages
     * @param note       the config's note, or null
     * @param transcript where each action is noted
     */
    public ManualPower(String deviceId, String note, Transcript transcript) {
        this.deviceId = deviceId;
        this.note = note;
        this.transcript = transcript;
    }

    @Override
    public void on() {
        say("on");
    }

    @Override
    public void off() {
        say("off");
    }

    @Override
    public void cycle() {
        say("cycle");
    }

    private void say(String action) {
        String text = "power " + action + " of device " + deviceId + ": manual power, nothing switched"
                + (note == null ? "" : " (" + note + ")");
        transcript.note(text);
        LOG.info(text);
    }
}
