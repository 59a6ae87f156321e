package dev.qualify.connectors.power;

import dev.qualify.api.device.PowerControl;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.device.InfrastructureException;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Power and reset through DTR/RTS: {@code off} holds the board in reset, {@code on} releases it, {@code cycle} runs
 * the {@link ResetPulse}. The lines come from the device's open console at the moment of each call.
 */
public final class DtrRtsPower implements PowerControl {
    private final ResetPulse pulse;
    private final Supplier<Optional<ModemLines>> lines;
    private final String deviceId;
    private final Transcript transcript;

    /**
     * @param pulse      the sequence
     * @param lines      the modem lines to drive, looked up at each call (empty when no console is open)
     * @param deviceId   for messages
     * @param transcript where each action is noted
     */
    public DtrRtsPower(ResetPulse pulse, Supplier<Optional<ModemLines>> lines, String deviceId, Transcript transcript) {
        this.pulse = pulse;
        this.lines = lines;
        this.deviceId = deviceId;
        this.transcript = transcript;
    }

    @Override
    public void on() {
        ModemLines l = lines();
        transcript.note("power on (release reset) via " + l.describe() + ": " + pulse.describe());
        pulse.release(l);
    }

    @Override
    public void off() {
        ModemLines l = lines();
        transcript.note("power off (hold in reset) via " + l.describe() + ": " + pulse.describe());
        pulse.hold(l);
    }

    @Override
    public void cycle() {
        ModemLines l = lines();
        transcript.note("reset via " + l.describe() + ": " + pulse.describe());
        pulse.pulse(l);
    }

    private ModemLines lines() {
        return lines.get().orElseThrow(() -> new InfrastructureException("power-failed", "device " + deviceId
                + " has power type dtr-rts but no open serial or rfc2217 console whose DTR/RTS lines it could drive;"
                + " open the console before switching power"));
    }
}
