package dev.qualify.suites.freertos.ota;

import dev.qualify.api.cloud.OtaJobStatus;
import dev.qualify.api.cloud.OtaUpdates;
import dev.qualify.api.device.Console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads the board's console during the OTA cases: the version each boot's OTA demo prints
 * ({@code Application version X.Y.Z}), whether the agent is ready for a job (the OTA library's
 * {@code Subscribed to MQTT topic: $aws/things/<thing>/jobs/notify-next}), and answers a boot's
 * {@code Waiting for 'start'} with {@code start} (the handshake the engine gave the first boot), so a reboot into
 * a new image goes on at once.
 */
final class OtaBoardWatch {
    private static final Duration TICK = Duration.ofMillis(50);
    private final Console console;
    private final List<String> lines = new ArrayList<>();
    private OtaVersion running;
    private boolean ready;
    private int boots;

    OtaBoardWatch(Console console) {
        this.console = console;
    }

    /** The version the board's last boot printed, or null before it printed one. */
    OtaVersion running() {
        return running;
    }

    /** Boots seen since the watch began. */
    int boots() {
        return boots;
    }

    /** Forgets the lines of the previous case. */
    void startCase() {
        lines.clear();
    }

    /** Reads the console until {@code done} or the timeout; returns whether {@code done} became true. */
    boolean until(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            Optional<String> line = console.readLine(left < TICK.toNanos() ? Duration.ofNanos(left) : TICK);
            line.ifPresent(this::saw);
        }
        return true;
    }

    private void saw(String line) {
        lines.add(line);
        OtaVersion v = OtaVersion.in(line);
        if (v != null) {
            running = v;
            ready = false;
            boots++;
        }
        if (line.contains("Waiting for 'start'")) console.sendLine("start");
        if (line.contains("Subscribed to MQTT topic: ") && line.strip().endsWith("/jobs/notify-next")) ready = true;
    }

    /** Waits until the agent is ready for a job, running {@code expected} (any version when null). */
    void awaitReady(OtaVersion expected, Duration timeout, String when) {
        if (!until(() -> ready && (expected == null || expected.equals(running)), timeout)) {
            fail(when + ": the board did not come back ready for an OTA job"
                    + (expected == null ? "" : " running version " + expected) + " within " + timeout.toSeconds() + " s"
                    + " (its last boot printed version " + running + (ready ? ", ready" : ", not ready") + "); last lines: "
                    + tail());
        }
    }

    /** Reads until the job's execution is terminal; fails with what was seen when it is not within the timeout. */
    OtaJobStatus awaitTerminal(OtaUpdates ota, String jobId, String thing, Duration timeout) {
        OtaJobStatus[] last = new OtaJobStatus[1];
        boolean done = until(() -> {
            last[0] = ota.status(jobId, thing).orElse(null);
            return last[0] != null && last[0].terminal();
        }, timeout);
        if (!done) {
            fail("job " + jobId + " did not end within " + timeout.toSeconds() + " s: its status is "
                    + (last[0] == null ? "unknown" : last[0].status() + " " + last[0].statusDetails())
                    + "; the board runs version " + running + "; last lines: " + tail());
        }
        return last[0];
    }

    /** The last lines of this case, for a failure message. */
    String tail() {
        List<String> t = lines.subList(Math.max(0, lines.size() - 8), lines.size());
        return t.isEmpty() ? "(none)" : String.join(" | ", t);
    }

    /** Whether any line of this case contains {@code text}. */
    boolean printed(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }
}
