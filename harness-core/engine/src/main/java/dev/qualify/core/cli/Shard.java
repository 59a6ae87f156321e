package dev.qualify.core.cli;

import dev.qualify.api.suite.GroupDescriptor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --shard I/N}: part {@code I} of {@code N} of a run's selected groups, so {@code N} hosts can share one
 * qualification and {@code report merge} joins their runs.
 *
 * <p>The split depends only on the set of selected groups and what their suite declares: not on the host, the pool
 * (its size or devices), the order of {@code --group} options, or the time. Groups that share a boot
 * ({@link GroupDescriptor#bootShare()}) stay in one shard, so they still share it. The units (a group, or the
 * groups of one boot) are balanced by their expected case count: the largest unit first, each to the shard with
 * the fewest cases so far (ties to the lower shard; units of equal size in the order of their key), the longest
 * processing time first rule. Every shard gets at least one unit when there are at least {@code N} units.
 *
 * @param index 1-based, at most {@code count}
 * @param count at least 1
 */
record Shard(int index, int count) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    Shard {
        if (count < 1) throw new UsageException("--shard " + index + "/" + count + ": N, the number of shards, must be at least 1");
        if (index < 1 || index > count) {
            throw new UsageException("--shard " + index + "/" + count + ": I counts from 1 and must be between 1 and " + count);
        }
    }

    /** Parses {@code I/N}. */
    static Shard parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new UsageException("--shard wants I/N, two whole numbers with 1 <= I <= N (e.g. --shard 2/4), not '" + text + "'");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The groups of this shard, in the order given. */
    List<GroupDescriptor> of(List<GroupDescriptor> selected) {
        List<List<GroupDescriptor>> parts = split(selected, count);
        List<GroupDescriptor> mine = parts.get(index - 1);
        if (mine.isEmpty()) {
            throw new UsageException("--shard " + this + ": the selection has only " + units(selected).size()
                    + " parts that can run apart (groups that share a boot stay together), so shard " + index
                    + " would have no group; use at most " + units(selected).size() + " shards");
        }
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    /** All {@code count} shards of {@code selected}, each in the order given; some are empty when there are few units. */
    static List<List<GroupDescriptor>> split(List<GroupDescriptor> selected, int count) {
        List<Map.Entry<String, List<GroupDescriptor>>> units = new ArrayList<>(units(selected).entrySet());
        units.sort(Comparator.comparingInt((Map.Entry<String, List<GroupDescriptor>> u) -> -weight(u.getValue()))
                .thenComparing(Map.Entry::getKey));
        long[] load = new long[count];
        List<Set<String>> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) ids.add(new HashSet<>());
        for (Map.Entry<String, List<GroupDescriptor>> u : units) {
            int least = 0;
            for (int i = 1; i < count; i++) if (load[i] < load[least]) least = i;
            load[least] += weight(u.getValue());
            for (GroupDescriptor g : u.getValue()) ids.get(least).add(g.id());
        }
        List<List<GroupDescriptor>> out = new ArrayList<>();
        for (Set<String> shard : ids) out.add(selected.stream().filter(g -> shard.contains(g.id())).toList());
        return out;
    }

    /** The units that run apart, by a key independent of order: a boot's groups together, other groups alone. */
    private static Map<String, List<GroupDescriptor>> units(List<GroupDescriptor> selected) {
        Map<String, List<GroupDescriptor>> units = new TreeMap<>();
        for (GroupDescriptor g : selected) {
            String key = g.bootShare().isEmpty() ? "group " + g.id() : "boot " + g.bootShare();
            units.computeIfAbsent(key, k -> new ArrayList<>()).add(g);
        }
        return units;
    }

    /** The cases a unit is expected to report; a group that declares none counts as one. */
    private static int weight(List<GroupDescriptor> unit) {
        return unit.stream().mapToInt(g -> Math.max(1, g.cases().size())).sum();
    }
}
