package dev.qualify.connectors.serial;

import java.io.IOException;

/** Opens a {@link SerialChannel}; the seam between the reopen logic and jSerialComm. */
@FunctionalInterface
public interface PortOpener {
    /**
     * @param path the port's path at this moment
     * @param line the framing to configure
     * @throws IOException when the port cannot be opened now (absent, busy, no permission)
     */
    SerialChannel open(String path, LineSettings line) throws IOException;
}
