package dev.qualify.cloud.greengrass;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (semver 2.0.0: {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}) as Greengrass component versions
 * are. Ordered by semver precedence; build metadata is ignored in comparisons.
 *
 * @param prerelease the dot-separated pre-release identifiers, or "" for a release
 */
public record Semver(long major, long minor, long patch, String prerelease) implements Comparable<Semver> {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)"
                    + "(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    /**
     * Parses a strict semver string.
     *
     * @throws IllegalArgumentException when the text is not semver
     */
    public static Semver parse(String text) {
        if (text == null) throw new IllegalArgumentException("no version");
        Matcher m = SEMVER.matcher(text.trim());
        if (!m.matches()) throw new IllegalArgumentException("not a semantic version (MAJOR.MINOR.PATCH): " + text);
        try {
            return new Semver(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    m.group(4) == null ? "" : m.group(4));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version number too large: " + text, e);
        }
    }

    /** True when the text is a strict semver. */
    public static boolean isValid(String text) {
        return text != null && SEMVER.matcher(text.trim()).matches();
    }

    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    @Override
    public int compareTo(Semver o) {
        int c = Long.compare(major, o.major);
        if (c == 0) c = Long.compare(minor, o.minor);
        if (c == 0) c = Long.compare(patch, o.patch);
        if (c != 0) return c;
        if (prerelease.equals(o.prerelease)) return 0;
        if (prerelease.isEmpty()) return 1;
        if (o.prerelease.isEmpty()) return -1;
        String[] a = prerelease.split("\\.");
        String[] b = o.prerelease.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean an = a[i].chars().allMatch(Character::isDigit);
            boolean bn = b[i].chars().allMatch(Character::isDigit);
            int r;
            if (an && bn) r = new java.math.BigInteger(a[i]).compareTo(new java.math.BigInteger(b[i]));
            else if (an) r = -1;
            else if (bn) r = 1;
            else r = a[i].compareTo(b[i]);
            if (r != 0) return r;
        }
        return Integer.compare(a.length, b.length);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + prerelease);
    }
}
