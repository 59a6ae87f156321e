package dev.qualify.connectors.qemu;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.driver.SettingsException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code qemu} power section: how the emulated board is started.
 * <pre>
 * power:
 *   type: qemu
 *   machine: lm3s6965evb          # or mps2-an385, ... (qemu-system-arm -M)
 *   binary: qemu-system-arm       # the emulator program (a name on PATH or a path)
 *   cpu: cortex-m3                # optional -cpu
 *   args: ["-icount", "shift=4"]  # optional extra arguments, one per element, appended as given
 *   image: build/qemu-board.elf   # optional image booted when nothing was flashed
 *   startTimeout: 10s             # QEMU up and QMP answering, scaled by the timeout multiplier
 *   stopTimeout: 5s               # QMP quit honoured before the process tree is killed
 * </pre>
 *
 * @param machine      QEMU machine name
 * @param binary       the program
 * @param cpu          a CPU model, or null for the machine's default
 * @param extraArgs    extra arguments
 * @param image        a default image path, or null
 * @param startTimeout unscaled start deadline
 * @param stopTimeout  unscaled stop deadline
 */
public record QemuSettings(String machine, String binary, String cpu, List<String> extraArgs, String image,
                           Duration startTimeout, Duration stopTimeout) {
    /** The keys of a qemu power section. */
    public static final Set<String> KEYS = Set.of("machine", "binary", "cpu", "args", "image", "startTimeout", "stopTimeout");
    private static final Set<String> OWNED_OPTIONS = Set.of("-S", "-qmp", "-serial", "-kernel", "-M", "-machine", "-monitor");

    public QemuSettings {
        extraArgs = List.copyOf(extraArgs);
    }

    /**
     * Reads and checks a section (without {@code type}).
     *
     * @throws SettingsException naming the key
     */
    public static QemuSettings read(Map<String, Object> section) {
        Settings s = new Settings(section).allowOnly(KEYS);
        String machine = s.requiredString("machine", "lm3s6965evb");
        if (!machine.matches("[A-Za-z0-9._-]+")) {
            throw new SettingsException("machine", "'" + machine + "' is not a QEMU machine name", "e.g. lm3s6965evb or mps2-an385");
        }
        List<String> args = s.has("args") ? s.argv("args") : List.of();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (OWNED_OPTIONS.contains(a)) {
                throw new SettingsException("args." + i, "'" + a + "' is set by the qemu driver itself",
                        "remove it; the driver starts QEMU paused with its own -qmp, -serial pty, -monitor none and -kernel");
            }
        }
        return new QemuSettings(machine, s.string("binary", "qemu-system-arm"), s.string("cpu", null), args,
                s.string("image", null), s.duration("startTimeout", Duration.ofSeconds(10)),
                s.duration("stopTimeout", Duration.ofSeconds(5)));
    }
}
