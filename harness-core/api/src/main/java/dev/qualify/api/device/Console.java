package dev.qualify.api.device;

import org.apiguardian.api.API;

/**
 * A device's text console: a UART, a TCP serial server, a child process's stdio or an SSH shell channel. It is
 * byte I/O ({@link ConsoleWriter}) and matching ({@link ConsoleReader}); what to watch for (death strings) and
 * where the raw bytes are logged is configuration the engine does through
 * {@link dev.qualify.api.driver.ConsoleMonitoring}, never a test.
 *
 * <p>Implementations are safe for one reader and one writer thread at a time.
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface Console extends ConsoleWriter, ConsoleReader, AutoCloseable {

    /** A description for messages, e.g. {@code tcp-serial 127.0.0.1:47101}; never null. */
    String name();

    /** Closes the connection; idempotent. Tests leave this to the engine. */
    @Override
    void close();
}
