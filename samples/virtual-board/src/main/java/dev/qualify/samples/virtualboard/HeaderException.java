package dev.qualify.samples.virtualboard;

/**
 * A configuration header cannot be used: missing, unreadable, or with a malformed or inconsistent {@code #define}.
 * The message starts with {@code file:line: } (or {@code file: } when no single line is at fault), like a compiler's.
 */
public final class HeaderException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public HeaderException(String file, int line, String problem) {
        super((line > 0 ? file + ":" + line : file) + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The header's file name or path as given. */
    public String file() {
        return file;
    }

    /** The 1-based line at fault, or 0 when the problem is not on one line. */
    public int line() {
        return line;
    }
}
