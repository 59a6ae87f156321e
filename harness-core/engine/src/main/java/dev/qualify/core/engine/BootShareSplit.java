package dev.qualify.core.engine;

import dev.qualify.api.suite.GroupDescriptor;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a boot-sharing batch over a pool that would otherwise wait on it. Sharing one boot saves a build, a flash
 * and a boot, but a batch is one unit of work on one device: when it holds more than a device's share of the run,
 * the other devices idle while it runs. So a batch whose weight (its groups' declared cases, at least one each) is
 * above {@code total / devices} is cut, in its order, into the fewest contiguous parts (at most one per device and
 * one per group) that each fit that share, balanced so the heaviest part is as light as it can be. Each part
 * shares its own boot. A one-device pool never splits: there the shared boot is pure gain.
 *
 * <p>The result depends only on the groups, their order and the device count, so it is the same on every host.
 */
final class BootShareSplit {
    private BootShareSplit() {
    }

    /** {@code batches} with every batch that would hold back a pool of {@code devices} cut into parts. */
    static List<List<GroupDescriptor>> split(List<List<GroupDescriptor>> batches, int devices) {
        if (devices <= 1) return batches;
        long total = 0;
        for (List<GroupDescriptor> b : batches) total += weight(b);
        double share = (double) total / devices;
        List<List<GroupDescriptor>> out = new ArrayList<>();
        for (List<GroupDescriptor> b : batches) {
            long w = weight(b);
            if (b.size() < 2 || w <= share) {
                out.add(b);
                continue;
            }
            int parts = (int) Math.min(Math.min(b.size(), devices), Math.ceil(w / share));
            out.addAll(partition(b, parts));
        }
        return out;
    }

    static long weight(GroupDescriptor g) {
        return Math.max(1, g.cases().size());
    }

    private static long weight(List<GroupDescriptor> batch) {
        long w = 0;
        for (GroupDescriptor g : batch) w += weight(g);
        return w;
    }

    /**
     * {@code batch} cut in order into {@code parts} non-empty runs with the smallest possible heaviest run (the
     * linear partition problem, by dynamic programming: batches are a handful of groups).
     */
    static List<List<GroupDescriptor>> partition(List<GroupDescriptor> batch, int parts) {
        int n = batch.size();
        long[] prefix = new long[n + 1];
        for (int i = 0; i < n; i++) prefix[i + 1] = prefix[i] + weight(batch.get(i));
        // best[k][i]: the smallest heaviest run cutting the first i groups into k runs; cut[k][i]: where the last starts
        long[][] best = new long[parts + 1][n + 1];
        int[][] cut = new int[parts + 1][n + 1];
        for (int i = 1; i <= n; i++) best[1][i] = prefix[i];
        for (int k = 2; k <= parts; k++) {
            for (int i = k; i <= n; i++) {
                best[k][i] = Long.MAX_VALUE;
                for (int j = k - 1; j < i; j++) {
                    long heaviest = Math.max(best[k - 1][j], prefix[i] - prefix[j]);
                    if (heaviest < best[k][i]) {
                        best[k][i] = heaviest;
                        cut[k][i] = j;
                    }
                }
            }
        }
        List<List<GroupDescriptor>> out = new ArrayList<>();
        int end = n;
        for (int k = parts; k >= 1; k--) {
            int start = k == 1 ? 0 : cut[k][end];
            out.add(0, new ArrayList<>(batch.subList(start, end)));
            end = start;
        }
        return out;
    }
}
