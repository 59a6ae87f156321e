package dev.qualify.samples.virtualboard.unity;

/**
 * A failed Unity assertion: the line it was made on and Unity's message text (what follows {@code FAIL: }). Like
 * Unity's {@code TEST_PROTECT} long jump, it ends the test body.
 */
public final class UnityFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;

    public UnityFailure(int line, String message) {
        super(message, null, false, false);
        this.line = line;
    }

    /** The source line of the failed assertion. */
    public int line() {
        return line;
    }
}
