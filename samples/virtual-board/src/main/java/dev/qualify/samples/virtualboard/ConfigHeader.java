package dev.qualify.samples.virtualboard;

import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code #define}s of one C configuration header, read the way the C preprocessor reads these simple files:
 * line continuations ({@code \} at the end of a line) are joined, comments are removed (outside string and character
 * literals), and every {@code #define NAME value} is recorded with the line it starts on.
 *
 * <p>Limits, by design: {@code #if}/{@code #ifdef}/{@code #else} blocks are not evaluated (every {@code #define}
 * counts) and {@code #include} is not followed. A redefinition with a different value is an error (as with
 * {@code -Werror}), {@code #undef} removes a macro, {@code #error} fails, and an unknown directive fails.
 */
public final class ConfigHeader {

    /** One {@code #define}: its name, its value text (comments removed, whitespace collapsed) and its line. */
    public record Define(String name, String value, int line, boolean functionLike) {
    }

    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([A-Za-z_]*)(.*)$", Pattern.DOTALL);
    private static final Pattern IDENTIFIER = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)");
    private static final Set<String> KNOWN_DIRECTIVES = Set.of("define", "undef", "include", "include_next", "if",
            "ifdef", "ifndef", "elif", "elifdef", "elifndef", "else", "endif", "error", "warning", "pragma", "line",
            "");

    private final String fileName;
    private final Map<String, Define> defines;

    private ConfigHeader(String fileName, Map<String, Define> defines) {
        this.fileName = fileName;
        this.defines = Collections.unmodifiableMap(defines);
    }

    /** Reads and parses a header file; the error messages name it by its file name. */
    public static ConfigHeader read(Path file) throws HeaderException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new HeaderException(file.toString(), 0, "file not found");
        } catch (IOException e) {
            throw new HeaderException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
        return parse(name, text);
    }

    /** Parses header text; {@code fileName} is used in error messages. */
    public static ConfigHeader parse(String fileName, String text) throws HeaderException {
        List<String> physical = text.lines().toList();
        // 1. join continuation lines into logical lines, remembering where each starts
        List<String> logical = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        for (int i = 0; i < physical.size(); i++) {
            String line = physical.get(i);
            String trimmedEnd = line.stripTrailing();
            boolean continues = trimmedEnd.endsWith("\\");
            String content = continues ? trimmedEnd.substring(0, trimmedEnd.length() - 1) : line;
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
            }
            current.append(content);
            if (continues) {
                if (i == physical.size() - 1) {
                    throw new HeaderException(fileName, i + 1, "backslash-newline at end of file");
                }
                current.append(' ');
            } else {
                logical.add(current.toString());
                starts.add(start);
                current = null;
            }
        }
        // 2. remove comments across logical lines
        List<String> code = stripComments(fileName, logical, starts);
        // 3. directives
        Map<String, Define> defines = new LinkedHashMap<>();
        for (int i = 0; i < code.size(); i++) {
            String line = code.get(i).strip();
            int lineNo = starts.get(i);
            if (!line.startsWith("#")) {
                continue;
            }
            Matcher d = DIRECTIVE.matcher(line);
            if (!d.matches()) {
                continue;
            }
            String directive = d.group(1);
            String rest = d.group(2);
            if (!KNOWN_DIRECTIVES.contains(directive)) {
                throw new HeaderException(fileName, lineNo, "unknown preprocessing directive #" + directive);
            }
            switch (directive) {
                case "define" -> {
                    Define def = parseDefine(fileName, lineNo, rest);
                    Define previous = defines.get(def.name());
                    if (previous != null && !previous.value().equals(def.value())) {
                        throw new HeaderException(fileName, lineNo, def.name() + " redefined with a different value ("
                                + "'" + def.value() + "', first defined as '" + previous.value() + "' at line "
                                + previous.line() + ")");
                    }
                    if (previous == null) {
                        defines.put(def.name(), def);
                    }
                }
                case "undef" -> {
                    Matcher id = IDENTIFIER.matcher(rest.strip());
                    if (!id.find()) {
                        throw new HeaderException(fileName, lineNo, "malformed #undef: expected a macro name");
                    }
                    defines.remove(id.group(1));
                }
                case "error" -> throw new HeaderException(fileName, lineNo, "#error" + rest.stripTrailing());
                default -> {
                    // conditionals, includes and pragmas are not evaluated
                }
            }
        }
        return new ConfigHeader(fileName, defines);
    }

    private static Define parseDefine(String file, int line, String rest) throws HeaderException {
        if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(0))) {
            throw new HeaderException(file, line, "malformed #define: expected whitespace and a macro name after"
                    + " #define");
        }
        String body = rest.strip();
        Matcher id = IDENTIFIER.matcher(body);
        if (!id.find()) {
            throw new HeaderException(file, line, "malformed #define: expected a macro name, found '"
                    + (body.isEmpty() ? "nothing" : body) + "'");
        }
        String name = id.group(1);
        String after = body.substring(name.length());
        boolean functionLike = after.startsWith("(");
        if (functionLike) {
            int close = after.indexOf(')');
            if (close < 0) {
                throw new HeaderException(file, line, "malformed #define " + name + ": missing ')' in the macro"
                        + " parameter list");
            }
            after = after.substring(close + 1);
        } else if (!after.isEmpty() && !Character.isWhitespace(after.charAt(0))) {
            throw new HeaderException(file, line, "malformed #define " + name + ": expected whitespace after the"
                    + " macro name, found '" + after.charAt(0) + "'");
        }
        String value = after.strip().replaceAll("\\s+", " ");
        checkBalanced(file, line, name, value);
        return new Define(name, value, line, functionLike);
    }

    /** String and character literals must be closed and parentheses balanced outside them. */
    private static void checkBalanced(String file, int line, String name, String value) throws HeaderException {
        int depth = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\'') {
                int end = literalEnd(value, i);
                if (end < 0) {
                    throw new HeaderException(file, line, "malformed #define " + name + ": missing terminating "
                            + c + " character in '" + value + "'");
                }
                i = end;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    break;
                }
            }
        }
        if (depth != 0) {
            throw new HeaderException(file, line, "malformed #define " + name + ": unbalanced parentheses in '"
                    + value + "'");
        }
    }

    /** Index of the closing quote of the literal starting at {@code start}, or -1. */
    static int literalEnd(String s, int start) {
        char quote = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> stripComments(String file, List<String> logical, List<Integer> starts)
            throws HeaderException {
        List<String> out = new ArrayList<>(logical.size());
        boolean inBlock = false;
        int blockStart = 0;
        for (int li = 0; li < logical.size(); li++) {
            String s = logical.get(li);
            StringBuilder sb = new StringBuilder(s.length());
            int i = 0;
            while (i < s.length()) {
                if (inBlock) {
                    int end = s.indexOf("*/", i);
                    if (end < 0) {
                        i = s.length();
                    } else {
                        inBlock = false;
                        sb.append(' ');
                        i = end + 2;
                    }
                    continue;
                }
                char c = s.charAt(i);
                if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                    inBlock = true;
                    blockStart = starts.get(li);
                    i += 2;
                } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                    break;
                } else if ((c == '"' || c == '\'') && s.stripLeading().startsWith("#")) {
                    int end = literalEnd(s, i);
                    if (end < 0) {
                        sb.append(s, i, s.length()); // reported by the #define check with the macro's name
                        break;
                    }
                    sb.append(s, i, end + 1);
                    i = end + 1;
                } else {
                    sb.append(c);
                    i++;
                }
            }
            out.add(sb.toString());
        }
        if (inBlock) {
            throw new HeaderException(file, blockStart, "unterminated comment");
        }
        return out;
    }

    /** The file name used in messages. */
    public String fileName() {
        return fileName;
    }

    /** All macros, in the order they were first defined. */
    public Map<String, Define> defines() {
        return defines;
    }

    /** One macro, if defined. */
    public Optional<Define> get(String name) {
        return Optional.ofNullable(defines.get(name));
    }
}
