package dev.qualify.core.config.idt;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one of IDT's {@code buildTool.command} / {@code flashTool.command} strings into words, as IDT does, before
 * any placeholder is expanded: words are separated by blanks; {@code "..."} and {@code '...'} group a word that
 * contains blanks (the quotes are removed; inside double quotes {@code \"} and {@code \\} escape); a backslash
 * outside quotes escapes the next character; a {@code {{...}}} placeholder is never split, whatever it contains
 * (IDT's JSONPath filters have blanks and quotes: {@code {{device.identifiers[?(@.name == 'serialNo')].value[0]}}}).
 * Placeholders are expanded later inside each word, so a value with blanks stays one argument.
 */
public final class IdtWords {
    private IdtWords() {
    }

    /** @throws IllegalArgumentException for an unclosed quote or placeholder */
    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        int i = 0, n = command.length();
        while (i < n) {
            char c = command.charAt(i);
            if (command.startsWith("{{", i)) {
                int end = command.indexOf("}}", i + 2);
                if (end < 0) throw new IllegalArgumentException("unclosed placeholder at column " + (i + 1) + " of '" + command + "'");
                w.append(command, i, end + 2);
                inWord = true;
                i = end + 2;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unclosed ' at column " + (i + 1) + " of '" + command + "'");
                w.append(command, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = command.charAt(i);
                    if (d == '\\' && i + 1 < n && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) {
                        w.append(command.charAt(i + 1));
                        i += 2;
                    } else if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    } else if (command.startsWith("{{", i)) {
                        int end = command.indexOf("}}", i + 2);
                        if (end < 0) throw new IllegalArgumentException("unclosed placeholder in '" + command + "'");
                        w.append(command, i, end + 2);
                        i = end + 2;
                    } else {
                        w.append(d);
                        i++;
                    }
                }
                if (!closed) throw new IllegalArgumentException("unclosed \" in '" + command + "'");
                inWord = true;
            } else if (c == '\\' && i + 1 < n) {
                w.append(command.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                w.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) words.add(w.toString());
        return words;
    }
}
