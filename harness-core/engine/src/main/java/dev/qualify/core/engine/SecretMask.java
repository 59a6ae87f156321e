package dev.qualify.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.qualify.api.driver.PlaceholderSyntax;
import dev.qualify.api.driver.Placeholders;
import dev.qualify.api.support.Secrets;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;
import dev.qualify.core.config.ResourceSpec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secret values of one run, and their masking: every occurrence of one in text Qualify writes (logs, the
 * journal and so the reports, the console) is replaced by {@value Secrets#REDACTED}.
 *
 * <p>The values are those of config keys that {@link Secrets#isSecretKey(String)} calls secret, wherever they are
 * in the config (devices, their driver sections and command {@code env}, suites, the cloud), plus every value a
 * driver substitutes for a placeholder whose last key is secret ({@link #tracking(PlaceholderSyntax)} registers
 * them as they are expanded). Values shorter than {@value #MIN_LENGTH} characters are ignored: masking every
 * {@code 1} or {@code on} of a transcript would hide more than it protects. Longer values are masked first, so a
 * secret that contains another is masked whole. Thread-safe; values are only ever added.
 */
public final class SecretMask {
    /** Values shorter than this are not masked. */
    public static final int MIN_LENGTH = 4;
    /** A mask with no secrets; {@link #add(String)} on it is ignored. */
    public static final SecretMask NONE = new SecretMask(true);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean frozen;
    /** Longest first; replaced as a whole on every add so readers never lock. */
    private volatile List<Secret> secrets = List.of();

    private record Secret(String text, byte[] bytes) {
    }

    private SecretMask(boolean frozen) {
        this.frozen = frozen;
    }

    public SecretMask() {
        this(false);
    }

    /** A mask of every secret value of {@code config}. */
    public static SecretMask of(QualifyConfig config) {
        SecretMask mask = new SecretMask();
        for (PoolSpec pool : config.pools()) {
            for (DeviceSpec d : pool.devices()) {
                mask.collect(null, d.json());
                for (ResourceSpec r : d.resources().values()) mask.collect(null, r.settings());
            }
        }
        config.suites().values().forEach(s -> mask.collect(null, s));
        if (config.cloud() != null) mask.collect(null, config.cloud().settings());
        return mask;
    }

    /** Adds {@code value} when it is long enough to be masked. */
    public void add(String value) {
        if (frozen || value == null || value.length() < MIN_LENGTH) return;
        synchronized (this) {
            for (Secret s : secrets) if (s.text().equals(value)) return;
            List<Secret> next = new ArrayList<>(secrets);
            next.add(new Secret(value, value.getBytes(StandardCharsets.UTF_8)));
            next.sort(Comparator.comparingInt((Secret s) -> s.text().length()).reversed());
            secrets = List.copyOf(next);
        }
    }

    public void addAll(Collection<String> values) {
        values.forEach(this::add);
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** The length in bytes of the longest secret's UTF-8 form; 0 when there is none. */
    public int longestBytes() {
        int max = 0;
        for (Secret s : secrets) max = Math.max(max, s.bytes().length);
        return max;
    }

    /**
     * {@code text} with every secret replaced by {@value Secrets#REDACTED}; null stays null. Occurrences are found
     * in the original text, so overlapping secrets (the end of one is the start of another) are masked as one
     * {@value Secrets#REDACTED} with no fragment of either left.
     */
    public String mask(String text) {
        if (text == null) return null;
        List<Secret> current = secrets;
        boolean[] covered = null;
        for (Secret s : current) {
            for (int at = text.indexOf(s.text()); at >= 0; at = text.indexOf(s.text(), at + 1)) {
                if (covered == null) covered = new boolean[text.length()];
                java.util.Arrays.fill(covered, at, at + s.text().length(), true);
            }
        }
        if (covered == null) return text;
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!covered[i]) out.append(text.charAt(i));
            else if (i == 0 || !covered[i - 1]) out.append(Secrets.REDACTED);
        }
        return out.toString();
    }

    /**
     * {@code bytes[offset, offset+length)} with every secret's UTF-8 form replaced, as {@link #mask(String)}; the
     * bytes are not decoded, so device output that is not UTF-8 passes unchanged.
     */
    public byte[] mask(byte[] bytes, int offset, int length) {
        List<Secret> current = secrets;
        boolean[] covered = null;
        for (Secret s : current) {
            byte[] b = s.bytes();
            for (int at = indexOf(bytes, offset, offset + length, b, offset); at >= 0;
                 at = indexOf(bytes, offset, offset + length, b, at + 1)) {
                if (covered == null) covered = new boolean[length];
                java.util.Arrays.fill(covered, at - offset, at - offset + b.length, true);
            }
        }
        if (covered == null) return java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        byte[] redacted = Secrets.REDACTED.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(length);
        for (int i = 0; i < length; i++) {
            if (!covered[i]) out.write(bytes[offset + i]);
            else if (i == 0 || !covered[i - 1]) out.write(redacted, 0, redacted.length);
        }
        return out.toByteArray();
    }

    /**
     * Where {@code bytes[0, length)} may be cut so that masking the two parts apart masks the same as masking the
     * whole: at least {@link #longestBytes()} - 1 bytes stay behind the cut (a secret that begins before it is then
     * wholly before it or found across it) and the cut is never inside a secret.
     *
     * @return the cut, 0 when nothing may be cut off yet (wait for more bytes)
     */
    public int safeCut(byte[] bytes, int length) {
        List<Secret> current = secrets;
        int longest = 0;
        for (Secret s : current) longest = Math.max(longest, s.bytes().length);
        int keep = Math.max(0, longest - 1);
        int cut = Math.max(0, length - keep);
        boolean moved = true;
        while (moved && cut > 0 && cut < length) {
            moved = false;
            for (Secret s : current) {
                byte[] b = s.bytes();
                for (int at = Math.max(0, cut - b.length + 1); at < cut; at++) {
                    if (at + b.length <= length && indexOf(bytes, at, at + b.length, b, at) == at) {
                        cut = at + b.length;
                        moved = true;
                        break;
                    }
                }
            }
        }
        // a cut moved past a secret leaves less than a secret's length behind it: wait for more bytes
        return cut > length - keep ? 0 : cut;
    }

    /** Every text value of a JSON tree masked, in place; returns {@code node}. */
    public JsonNode mask(JsonNode node) {
        if (node instanceof ObjectNode o) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(o.properties());
            for (Map.Entry<String, JsonNode> e : fields) {
                if (e.getValue().isTextual()) o.set(e.getKey(), TextNode.valueOf(mask(e.getValue().textValue())));
                else mask(e.getValue());
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) a.set(i, TextNode.valueOf(mask(a.get(i).textValue())));
                else mask(a.get(i));
            }
        }
        return node;
    }

    /**
     * One line of JSON with every text value masked, written back as one line. Masking the parsed values, not the
     * line, also catches a secret that JSON escapes (a quote, a backslash) and never breaks the line's structure.
     */
    public String maskJsonLine(String json) {
        if (isEmpty()) return json;
        try {
            JsonNode tree = JSON.readTree(json);
            String before = tree.toString();
            String after = mask(tree).toString();
            return after.equals(before) ? json : after;
        } catch (java.io.IOException e) {
            return mask(json);
        }
    }

    /** {@code event} with every text value masked (a copy, through the journal format); itself when nothing to mask. */
    @SuppressWarnings("unchecked")
    public <T extends dev.qualify.core.journal.JournalEvent> T mask(T event) {
        if (isEmpty() || event == null) return event;
        String line = dev.qualify.core.journal.JournalFormat.write(event);
        String masked = maskJsonLine(line);
        if (masked.equals(line)) return event;
        try {
            return (T) dev.qualify.core.journal.JournalFormat.read(masked).orElse(event);
        } catch (java.io.IOException | ClassCastException e) {
            return event;
        }
    }

    /** {@code progress} shown only masked events. */
    public ProgressListener masking(ProgressListener progress) {
        return new ProgressListener() {
            @Override
            public void runStarted(dev.qualify.core.journal.RunStarted run) {
                progress.runStarted(mask(run));
            }

            @Override
            public void groupStarted(dev.qualify.core.journal.GroupStarted group) {
                progress.groupStarted(mask(group));
            }

            @Override
            public void testStarted(String device, String group, String test) {
                progress.testStarted(mask(device), mask(group), mask(test));
            }

            @Override
            public void testFinished(dev.qualify.core.journal.TestFinished test) {
                progress.testFinished(mask(test));
            }

            @Override
            public void groupFinished(dev.qualify.core.journal.GroupFinished group) {
                progress.groupFinished(mask(group));
            }
        };
    }

    /**
     * {@code syntax} whose placeholders register in this mask every secret value they substitute, so what a driver
     * expands from a secret placeholder is masked wherever it shows up later (command output, error messages).
     */
    public PlaceholderSyntax tracking(PlaceholderSyntax syntax) {
        return context -> {
            Placeholders p = syntax.over(context);
            return new Placeholders() {
                @Override
                public String expand(String text) {
                    String r = p.expand(text);
                    addAll(p.secretValues());
                    return r;
                }

                @Override
                public Set<String> secretValues() {
                    return p.secretValues();
                }
            };
        };
    }

    private void collect(String key, Object value) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collect(String.valueOf(k), v));
        } else if (value instanceof List<?> l) {
            l.forEach(v -> collect(key, v));
        } else if (value != null && key != null && Secrets.isSecretKey(key)) {
            add(String.valueOf(value));
        }
    }

    private static int indexOf(byte[] in, int start, int end, byte[] what, int from) {
        outer:
        for (int i = Math.max(from, start); i <= end - what.length; i++) {
            for (int j = 0; j < what.length; j++) if (in[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }
}
