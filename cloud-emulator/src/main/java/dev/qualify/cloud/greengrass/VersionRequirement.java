package dev.qualify.cloud.greengrass;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An npm-style version requirement as the Greengrass nucleus sends them in {@code versionRequirements}
 * (semver4j's NPM type): comparator sets joined by {@code ||}, each a space-separated AND of comparators
 * {@code =V}, {@code V}, {@code >V}, {@code >=V}, {@code <V}, {@code <=V}, {@code ~V}, {@code ^V}, hyphen ranges
 * {@code A - B}, x-ranges ({@code 1.x}, {@code 1.2.*}, {@code *}). As in npm, a pre-release version satisfies a set
 * only when one of the set's comparators names a pre-release of the same MAJOR.MINOR.PATCH.
 */
public final class VersionRequirement {
    private static final Pattern PART = Pattern.compile("(<=|>=|<|>|=|~|\\^)?\\s*v?([0-9xX*]+(?:\\.[0-9xX*]+){0,2}(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?)");

    private record Comparator(String op, Semver version) {
        boolean test(Semver v) {
            int c = v.compareTo(version);
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> c == 0;
            };
        }
    }

    private final String text;
    private final List<List<Comparator>> sets;

    private VersionRequirement(String text, List<List<Comparator>> sets) {
        this.text = text;
        this.sets = sets;
    }

    /**
     * Parses a requirement.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static VersionRequirement parse(String text) {
        if (text == null) throw new IllegalArgumentException("no version requirement");
        List<List<Comparator>> sets = new ArrayList<>();
        for (String set : text.split("\\|\\|", -1)) sets.add(parseSet(set.trim(), text));
        return new VersionRequirement(text, List.copyOf(sets));
    }

    /** Whether the version satisfies the requirement. */
    public boolean isSatisfiedBy(Semver v) {
        for (List<Comparator> set : sets) {
            boolean all = true;
            for (Comparator c : set) if (!c.test(v)) { all = false; break; }
            if (!all) continue;
            if (!v.isPrerelease()) return true;
            for (Comparator c : set) {
                Semver w = c.version();
                if (w.isPrerelease() && w.major() == v.major() && w.minor() == v.minor() && w.patch() == v.patch()) return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    private static List<Comparator> parseSet(String set, String whole) {
        List<Comparator> out = new ArrayList<>();
        if (set.isEmpty()) return out; // "" means any version
        Matcher hyphen = Pattern.compile("(\\S+)\\s+-\\s+(\\S+)").matcher(set);
        if (hyphen.matches()) {
            Partial a = Partial.of(hyphen.group(1), whole);
            Partial b = Partial.of(hyphen.group(2), whole);
            out.add(new Comparator(">=", a.floor()));
            if (b.parts == 3) out.add(new Comparator("<=", b.floor()));
            else if (b.parts > 0) out.add(new Comparator("<", b.nextAt(b.parts - 1)));
            return out;
        }
        int i = 0;
        String s = set;
        while (i < s.length()) {
            if (Character.isWhitespace(s.charAt(i))) { i++; continue; }
            Matcher m = PART.matcher(s);
            m.region(i, s.length());
            if (!m.lookingAt()) throw new IllegalArgumentException("not a version requirement: '" + whole + "'");
            String op = m.group(1) == null ? "" : m.group(1);
            Partial p = Partial.of(m.group(2), whole);
            expand(op, p, out);
            i = m.end();
        }
        return out;
    }

    private static void expand(String op, Partial p, List<Comparator> out) {
        switch (op) {
            case "", "=" -> {
                if (p.parts == 3) out.add(new Comparator("=", p.floor()));
                else if (p.parts > 0) {
                    out.add(new Comparator(">=", p.floor()));
                    out.add(new Comparator("<", p.nextAt(p.parts - 1)));
                }
            }
            case "~" -> {
                out.add(new Comparator(">=", p.floor()));
                if (p.parts > 0) out.add(new Comparator("<", p.nextAt(p.parts >= 2 ? 1 : 0)));
            }
            case "^" -> {
                out.add(new Comparator(">=", p.floor()));
                int at = p.major != 0 || p.parts < 2 ? 0 : (p.minor != 0 || p.parts < 3 ? 1 : 2);
                if (p.parts > 0) out.add(new Comparator("<", p.nextAt(at)));
            }
            case ">" -> {
                if (p.parts == 0) out.add(new Comparator("<", new Semver(0, 0, 0, "0"))); // nothing
                else out.add(p.parts == 3 ? new Comparator(">", p.floor()) : new Comparator(">=", p.nextAt(p.parts - 1)));
            }
            case ">=" -> out.add(new Comparator(">=", p.floor()));
            case "<" -> out.add(new Comparator("<", p.parts == 0 ? new Semver(0, 0, 0, "0") : p.floor()));
            case "<=" -> {
                if (p.parts == 3) out.add(new Comparator("<=", p.floor()));
                else if (p.parts > 0) out.add(new Comparator("<", p.nextAt(p.parts - 1)));
            }
            default -> throw new IllegalStateException(op);
        }
    }

    /** A version with possibly missing or wildcard parts; {@code parts} counts the numeric leading parts. */
    private record Partial(long major, long minor, long patch, String prerelease, int parts) {
        static Partial of(String text, String whole) {
            String core = text;
            String pre = "";
            int plus = core.indexOf('+');
            if (plus >= 0) core = core.substring(0, plus);
            int dash = core.indexOf('-');
            if (dash >= 0) {
                pre = core.substring(dash + 1);
                core = core.substring(0, dash);
            }
            String[] f = core.split("\\.");
            long[] n = new long[3];
            int parts = 0;
            for (int i = 0; i < f.length && i < 3; i++) {
                if (f[i].equalsIgnoreCase("x") || f[i].equals("*")) break;
                try {
                    n[i] = Long.parseLong(f[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a version requirement: '" + whole + "'", e);
                }
                parts++;
            }
            return new Partial(n[0], n[1], n[2], parts == 3 ? pre : "", parts);
        }

        Semver floor() {
            return new Semver(major, minor, patch, prerelease);
        }

        /** The smallest version above every version that shares the first {@code at + 1} parts. */
        Semver nextAt(int at) {
            return switch (at) {
                case 0 -> new Semver(major + 1, 0, 0, "0");
                case 1 -> new Semver(major, minor + 1, 0, "0");
                default -> new Semver(major, minor, patch + 1, "0");
            };
        }
    }
}
