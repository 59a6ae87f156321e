package dev.qualify.samples.virtualboard;

/**
 * {@code --numbered-lines N}: every boot prints N numbered lines, {@code <text> <i>/<N>}, spread over its test
 * results (an equal share before each result line, the last results getting what is left), so a harness can check
 * that each line reached the log of exactly one test, in order. Used by the firmware thread only.
 */
final class NumberedLines {
    /** The default text before each number. */
    static final String DEFAULT_TEXT = "numbered line";

    /** No numbered lines. */
    static final NumberedLines NONE = new NumberedLines(0, DEFAULT_TEXT);

    /** Prints one line on the console. */
    interface Printer {
        void line(String text) throws InterruptedException;
    }

    private final int total;
    private final String text;
    private int perResult;
    private int printed;

    /**
     * @param total how many lines each boot prints
     * @param text  what each line says before its number
     */
    NumberedLines(int total, String text) {
        if (total < 0) {
            throw new IllegalArgumentException("negative count: " + total);
        }
        this.total = total;
        this.text = text;
    }

    /** A new run of {@code results} test results: the count starts again at 1. */
    void spreadOver(int results) {
        printed = 0;
        perResult = results <= 0 ? 0 : (total + results - 1) / results;
    }

    /** Prints this result's share of the lines. */
    void beforeResult(Printer out) throws InterruptedException {
        for (int i = 0; i < perResult && printed < total; i++) {
            printed++;
            out.line(text + " " + printed + "/" + total);
        }
    }
}
