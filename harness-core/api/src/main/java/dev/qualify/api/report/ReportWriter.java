package dev.qualify.api.report;

import org.apiguardian.api.API;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Renders a {@link RunReport} into a file of the run directory; found with {@link java.util.ServiceLoader}.
 *
 * <p>Writers are called after every run, also a failed or interrupted one, in no particular order. A writer
 * that throws does not stop the others.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface ReportWriter {

    /** The file name it writes into the run directory, e.g. {@code junit.xml}. */
    String fileName();

    /**
     * @param report the run; never null
     * @param runDir the run directory ({@code <output>/<run-id>}); it exists, and per-test logs are under
     *               {@code logs/} in it
     */
    void write(RunReport report, Path runDir) throws IOException;
}
