package dev.qualify.api.support;

import org.apiguardian.api.API;

import java.util.List;
import java.util.regex.Pattern;

/** Shell quoting, used only to show commands to people and to pass argv to a remote POSIX shell intact. */
@API(status = API.Status.INTERNAL, since = "0.1")
public final class Quoting {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    private Quoting() {
    }

    /** {@code arg} as one POSIX shell word: unchanged when safe, else single-quoted. */
    public static String shellWord(String arg) {
        if (!arg.isEmpty() && SAFE.matcher(arg).matches()) return arg;
        return "'" + arg.replace("'", "'\"'\"'") + "'";
    }

    /** The argv as one line a person could paste into a shell. */
    public static String display(List<String> argv) {
        return display(argv, java.util.Set.of());
    }

    /** As {@link #display(List)}, with every occurrence of a secret value replaced by {@code <redacted>}. */
    public static String display(List<String> argv, java.util.Set<String> secrets) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) sb.append(' ');
            String shown = a;
            for (String s : secrets) shown = shown.replace(s, dev.qualify.api.support.Secrets.REDACTED);
            sb.append(shellWord(shown));
        }
        return sb.toString();
    }
}
