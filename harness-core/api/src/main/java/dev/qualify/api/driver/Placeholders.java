package dev.qualify.api.driver;

import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Expands IDT-style {@code {{...}}} placeholders against one context (the text between the braces is a JSONPath
 * into it, e.g. {@code {{testData.sourcePath}}}). Each template argument expands into exactly one argument:
 * values are substituted as text, never split on spaces and never seen by a shell. Get one from
 * {@link DriverContext#placeholders(java.util.Map)}; one instance per command, since it remembers the secrets it
 * substituted.
 */
@API(status = API.Status.MAINTAINED, since = "0.1")
public interface Placeholders {

    /**
     * @throws IllegalArgumentException naming the placeholder when it does not resolve to exactly one value
     */
    String expand(String text);

    /** Expands every argument of {@code template}; each stays one argument. */
    default List<String> expand(List<String> template) {
        List<String> out = new ArrayList<>(template.size());
        for (String arg : template) out.add(expand(arg));
        return out;
    }

    /**
     * The values substituted so far for placeholders whose last key is secret (a password, a PIN, a token), so
     * callers can mask them wherever the expanded command is shown.
     */
    Set<String> secretValues();
}
