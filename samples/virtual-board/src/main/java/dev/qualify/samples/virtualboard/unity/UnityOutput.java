package dev.qualify.samples.virtualboard.unity;

/** Where the runner prints: the board's console, which decorates lines and plays misbehaviours. */
public interface UnityOutput {

    /** Prints one line that is not a test result (summary, separators). */
    void line(String text) throws InterruptedException;

    /** Prints one test result line ({@code TEST(G, N) PASS} and the like). */
    void result(String text) throws InterruptedException;

    /** The Unity word ({@code PASS}, {@code FAIL}, {@code IGNORE}, {@code OK}) as printed, coloured or not. */
    String word(String word);
}
