package dev.qualify.api.report;

import org.apiguardian.api.API;

/**
 * The outcome of one test. FAILED is the device's verdict; ERROR is a problem of the lab (port, flash,
 * timeout, broker) and is the only outcome that is retried.
 */
@API(status = API.Status.STABLE, since = "0.1")
public enum Outcome {
    PASSED, FAILED, ERROR, SKIPPED;

    /** The worse of two outcomes: FAILED beats ERROR beats PASSED beats SKIPPED. */
    public Outcome worse(Outcome other) {
        return rank(other) > rank(this) ? other : this;
    }

    private static int rank(Outcome o) {
        return switch (o) {
            case SKIPPED -> 0;
            case PASSED -> 1;
            case ERROR -> 2;
            case FAILED -> 3;
        };
    }
}
