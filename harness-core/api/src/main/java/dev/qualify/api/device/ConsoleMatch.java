package dev.qualify.api.device;

import org.apiguardian.api.API;

import java.util.List;

/**
 * A successful {@link Console} match.
 *
 * @param index  which of the patterns matched (0 for a single pattern)
 * @param text   the matched text
 * @param groups the pattern's capture groups (group 1 first); an unmatched group is null
 * @param before the unconsumed text that preceded the match
 */
@API(status = API.Status.STABLE, since = "0.1")
public record ConsoleMatch(int index, String text, List<String> groups, String before) {
    public String group(int n) {
        return groups.get(n - 1);
    }
}
