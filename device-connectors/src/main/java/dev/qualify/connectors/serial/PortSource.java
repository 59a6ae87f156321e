package dev.qualify.connectors.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a serial port is right now. Looked up again at every (re)open, so a renumbered USB adapter or a new QEMU
 * pty is found.
 */
public interface PortSource {

    /**
     * The port's current path, or empty while it is absent (unplugged, board powered off).
     *
     * @throws IOException when the lookup itself fails or is ambiguous; the message says why and is reported if
     *                     the port never appears
     */
    Optional<String> locate() throws IOException;

    /** For messages, e.g. {@code /dev/ttyUSB0} or {@code usb 10c4:ea60 serial 0001}. */
    String describe();

    /**
     * Whether the port is absent on purpose (the board was powered off by the harness), so waiting for it must not
     * count against the reopen deadline.
     */
    default boolean expectedAbsent() {
        return false;
    }

    /** A port at a fixed path (a device node, a udev symlink, a pty or its symlink). */
    static PortSource path(String path) {
        return new PortSource() {
            @Override
            public Optional<String> locate() {
                return Files.exists(Path.of(path)) ? Optional.of(path) : Optional.empty();
            }

            @Override
            public String describe() {
                return path;
            }
        };
    }

    /** A USB adapter found by identity wherever it was enumerated; two matches are an error, not a guess. */
    static PortSource usb(UsbIdentity id, UsbPortFinder finder) {
        return new PortSource() {
            @Override
            public Optional<String> locate() throws IOException {
                List<String> found = finder.find(id);
                if (found.size() > 1) {
                    throw new IOException(found.size() + " ports match " + id.describe() + ": " + found
                            + "; add serialNumber (and interface for multi-port adapters) to the usb section");
                }
                return found.stream().findFirst();
            }

            @Override
            public String describe() {
                return id.describe();
            }
        };
    }
}
