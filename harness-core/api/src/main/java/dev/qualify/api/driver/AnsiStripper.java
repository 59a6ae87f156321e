package dev.qualify.api.driver;

import org.apiguardian.api.API;

/**
 * Removes ANSI/VT100 escape sequences (CSI, OSC, two-byte escapes) and control characters other than newline and
 * tab from a stream of characters. Stateful: a sequence split across two calls is still removed. Carriage returns
 * are dropped, so CR LF and LF both end a line.
 */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class AnsiStripper {
    private enum State { TEXT, ESC, CSI, OSC, OSC_ESC }

    private State state = State.TEXT;

    /** True when no escape sequence is in progress. */
    public boolean idle() {
        return state == State.TEXT;
    }

    /** Appends the visible part of {@code in} to {@code out}. */
    public void strip(CharSequence in, StringBuilder out) {
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            switch (state) {
                case TEXT -> {
                    if (c == 0x1B) state = State.ESC;
                    else if (c == 0x9B) state = State.CSI;
                    else if (c == '\n' || c == '\t' || c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0)) out.append(c);
                }
                case ESC -> state = c == '[' ? State.CSI : c == ']' ? State.OSC : State.TEXT;
                case CSI -> {
                    if (c >= 0x40 && c <= 0x7E) state = State.TEXT;
                    else if (c == '\n') { // a broken sequence never swallows a line end
                        out.append(c);
                        state = State.TEXT;
                    }
                }
                case OSC -> {
                    if (c == 0x07) state = State.TEXT;
                    else if (c == 0x1B) state = State.OSC_ESC;
                    else if (c == '\n') {
                        out.append(c);
                        state = State.TEXT;
                    }
                }
                case OSC_ESC -> state = c == '\\' ? State.TEXT : State.OSC;
            }
        }
    }

    /** Convenience for whole strings. */
    public static String stripAll(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        new AnsiStripper().strip(s, sb);
        return sb.toString();
    }
}
