package dev.qualify.samples.virtualboard;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves macro values the way the tests use them: outer parentheses are removed ({@code ( 9000 )} is
 * {@code 9000}), integer literals become decimal ({@code 0x10U} is {@code 16}), adjacent string literals are decoded
 * and joined ({@code "a" "b"} is {@code ab}), and a value that names another macro takes that macro's value. Any
 * other value is kept as written ({@code NULL}, {@code pkcs11configLABEL_ROOT_CERTIFICATE}).
 */
public final class Macros {

    private static final Pattern INTEGER = Pattern.compile(
            "^([+-]?)(0[xX][0-9A-Fa-f]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)(?:[uU](?:ll|LL|l|L)?|(?:ll|LL|l|L)[uU]?)?$");
    private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");

    private final Map<String, String> resolved;

    private Macros(Map<String, String> resolved) {
        this.resolved = Collections.unmodifiableMap(resolved);
    }

    /** Resolves every object-like macro of the given definitions (name to value text). */
    public static Macros resolve(Map<String, String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : raw.keySet()) {
            out.put(name, resolveOne(name, raw, 0));
        }
        return new Macros(out);
    }

    /** Already resolved values, as stored in an image. */
    public static Macros of(Map<String, String> resolved) {
        return new Macros(new LinkedHashMap<>(resolved));
    }

    private static String resolveOne(String name, Map<String, String> raw, int depth) {
        String value = stripParentheses(raw.get(name));
        if (depth < 16 && IDENTIFIER.matcher(value).matches() && raw.containsKey(value) && !value.equals(name)) {
            return resolveOne(value, raw, depth + 1);
        }
        OptionalLong number = integer(value);
        if (number.isPresent()) {
            return Long.toString(number.getAsLong());
        }
        String string = stringLiteral(value);
        return string != null ? string : value;
    }

    /** Removes parentheses that enclose the whole value, repeatedly. */
    static String stripParentheses(String value) {
        String v = value.strip();
        while (v.startsWith("(") && closingParen(v) == v.length() - 1) {
            v = v.substring(1, v.length() - 1).strip();
        }
        return v;
    }

    private static int closingParen(String v) {
        int depth = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\'') {
                int end = ConfigHeader.literalEnd(v, i);
                if (end < 0) {
                    return -1;
                }
                i = end;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The value of a C integer literal (with sign and suffixes), if the text is one that fits a long. */
    static OptionalLong integer(String text) {
        Matcher m = INTEGER.matcher(text.replace(" ", ""));
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        String digits = m.group(2);
        BigInteger v;
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            v = new BigInteger(digits.substring(2), 16);
        } else if (digits.startsWith("0b") || digits.startsWith("0B")) {
            v = new BigInteger(digits.substring(2), 2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            v = new BigInteger(digits.substring(1), 8);
        } else {
            v = new BigInteger(digits);
        }
        if ("-".equals(m.group(1))) {
            v = v.negate();
        }
        return v.bitLength() < 64 ? OptionalLong.of(v.longValue()) : OptionalLong.empty();
    }

    /** The decoded text of one or more adjacent string literals, or null if the value is not only that. */
    static String stringLiteral(String value) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        boolean any = false;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c != '"') {
                return null;
            }
            int end = ConfigHeader.literalEnd(value, i);
            if (end < 0) {
                return null;
            }
            decode(value, i + 1, end, out);
            any = true;
            i = end + 1;
        }
        return any ? out.toString() : null;
    }

    private static void decode(String s, int from, int to, StringBuilder out) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= to) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '0' -> out.append('\0');
                case 'x' -> {
                    int j = i + 1;
                    while (j < to && j < i + 3 && Character.digit(s.charAt(j), 16) >= 0) {
                        j++;
                    }
                    if (j == i + 1) {
                        out.append('x');
                    } else {
                        out.append((char) Integer.parseInt(s.substring(i + 1, j), 16));
                        i = j - 1;
                    }
                }
                default -> out.append(e); // \" \\ \' \?
            }
        }
    }

    /** Resolved values by name, in definition order. */
    public Map<String, String> values() {
        return resolved;
    }

    /** True when the macro is defined. */
    public boolean defined(String name) {
        return resolved.containsKey(name);
    }

    /** The resolved value, or {@code null}. */
    public String get(String name) {
        return resolved.get(name);
    }

    /** The macro as an integer, or {@code fallback} when it is not defined; fails when it is not an integer. */
    public long integer(String name, long fallback) {
        String v = resolved.get(name);
        if (v == null) {
            return fallback;
        }
        OptionalLong n = integer(v);
        if (n.isEmpty()) {
            throw new IllegalStateException(name + " is not an integer: '" + v + "'");
        }
        return n.getAsLong();
    }

    /** True when the macro is defined and resolves to 1 (a FLIT {@code *_TEST_ENABLED} switch). */
    public boolean enabled(String name) {
        return "1".equals(resolved.get(name));
    }
}
