package dev.qualify.report;

/**
 * Makes text from devices and tools safe to put into a report.
 *
 * <p>Devices print garbage bytes (line noise at boot, a baud-rate mismatch, terminal escapes). XML 1.0 cannot
 * carry most control characters at all, a terminal would interpret escape sequences, and a lone UTF-16
 * surrogate cannot be encoded. These methods keep everything else exactly as it is.
 */
public final class SafeText {

    private SafeText() {
    }

    /**
     * Removes every character that XML 1.0 does not allow: C0 controls other than tab, line feed and carriage
     * return, unpaired surrogates, U+FFFE and U+FFFF. Everything else, including non-ASCII text, is kept.
     *
     * @param text any text; null is treated as empty
     * @return the text without those characters; never null
     */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        if (isClean(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(SafeText::isXmlChar).forEach(out::appendCodePoint);
        return out.toString();
    }

    /**
     * {@link #clean(String) Cleans} the text and turns every tab, carriage return and line feed into a space, so
     * the result stays on one line (attribute values, console lines).
     *
     * @param text any text; null is treated as empty
     * @return one line of text; never null
     */
    public static String oneLine(String text) {
        String cleaned = clean(text);
        StringBuilder out = new StringBuilder(cleaned.length());
        for (int i = 0; i < cleaned.length(); i++) {
            char c = cleaned.charAt(i);
            out.append(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
        }
        return out.toString().strip();
    }

    /**
     * Replaces unpaired UTF-16 surrogates with U+FFFD and keeps everything else, control characters included;
     * for formats such as JSON that can escape any character but must encode it as UTF-8.
     *
     * @param text any text, or null
     * @return the text with well-formed surrogates, or null when {@code text} is null
     */
    public static String wellFormed(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isClean(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 ? c != '\t' && c != '\n' && c != '\r' : c >= 0xD800) {
                return false;
            }
        }
        return true;
    }

    private static boolean isXmlChar(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD
                || (cp >= 0x20 && cp <= 0xD7FF)
                || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }
}
