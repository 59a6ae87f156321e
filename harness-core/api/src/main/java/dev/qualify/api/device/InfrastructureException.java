package dev.qualify.api.device;

import org.apiguardian.api.API;

/**
 * A problem of the lab, not a verdict of the device: a port that vanished, a flash tool that failed, a
 * deadline that passed, a broker that is down. Reported as a JUnit {@code <error>} with {@link #type()}, and
 * makes the run exit with 3 when nothing failed.
 */
@API(status = API.Status.STABLE, since = "0.1")
public class InfrastructureException extends RuntimeException {
    private final String type;

    /**
     * @param type    a short kebab-case kind, e.g. {@code flash-failed}, {@code build-failed}, {@code timeout},
     *                {@code port-gone}, {@code unity-protocol}; it becomes the {@code type} of the XML error
     * @param message what happened, what was last seen and how long we waited
     */
    public InfrastructureException(String type, String message) {
        super(message);
        this.type = type;
    }

    public InfrastructureException(String type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    /** The kind of error; never null. */
    public String type() {
        return type;
    }
}
