package dev.qualify.connectors.serial;

import dev.qualify.connectors.power.ModemLines;

import java.io.IOException;

/**
 * One open handle on a serial port: the few operations the console needs, so the reopen logic can be tested
 * without hardware. Reads and writes may run at once on two threads; {@link #close()} may be called from a third
 * and makes a blocked read return.
 */
public interface SerialChannel extends ModemLines, AutoCloseable {

    /**
     * Reads what is available, waiting a short while (the implementation's poll interval) for the first byte.
     *
     * @return the number of bytes read, 0 when nothing arrived in the poll interval, -1 when the port is gone
     */
    int read(byte[] buffer, int offset, int length);

    /** Writes all of {@code length} bytes. @throws IOException when the port is gone */
    void write(byte[] buffer, int offset, int length) throws IOException;

    /** The path the channel was opened on. */
    String path();

    /** Closes the handle; idempotent, never throws. */
    @Override
    void close();
}
