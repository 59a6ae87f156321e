package dev.qualify.core.cli;

import dev.qualify.api.support.Suggestions;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.core.config.QualifyConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves suite, group and pool names given on the command line, with "did you mean" for typos, and decides which
 * groups a run runs and why the others are not run ({@code run} prints those reasons, {@code list-groups --config}
 * lists them).
 */
final class Selection {
    static final String DEFAULT_SUITE = "freertos-qualification";

    /**
     * Why a group the pool's features exclude is not run, followed by the group's own reason; IDT says "X was
     * unselected due to ConditionalTests constraints" for the same thing.
     */
    static final String UNSELECTED = "unselected due to feature constraints: ";
    /** Why a group the suite names without a group class is not run, followed by the suite's reason. */
    static final String NOT_AVAILABLE = "not available in this version: ";
    static final String SKIPPED = "skipped with --skip-group";

    private Selection() {
    }

    /**
     * The suite named {@code id}; without one, the only suite of {@code --suite-path} when it gives exactly one,
     * else {@value #DEFAULT_SUITE}.
     */
    static QualificationSuite suite(SuiteCatalog catalog, String id) {
        List<QualificationSuite> custom = catalog.fromSuitePath();
        String wanted = id != null ? id : custom.size() == 1 ? custom.get(0).id() : DEFAULT_SUITE;
        return catalog.suite(wanted).orElseThrow(() -> {
            List<String> ids = catalog.suites().stream().map(QualificationSuite::id).toList();
            return new UsageException("unknown suite '" + wanted + "'"
                    + Suggestions.closest(wanted, ids).map(s -> "; did you mean '" + s + "'?").orElse("; installed suites: " + ids)
                    + (custom.isEmpty() ? " (a suite of your own needs --suite-path JAR)" : ""));
        });
    }

    /**
     * The group {@code id} of {@code suite}.
     *
     * @throws UsageException when the suite has no such group, or names it as not available in this version
     */
    static GroupDescriptor group(QualificationSuite suite, String id) {
        String unavailable = suite.unavailableGroups().get(id);
        if (unavailable != null) {
            throw new UsageException("group " + id + " of suite " + suite.id() + " is " + NOT_AVAILABLE + unavailable
                    + "; it cannot be run with this Qualify");
        }
        return suite.groups().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow(() -> {
            List<String> ids = new ArrayList<>(suite.groups().stream().map(GroupDescriptor::id).toList());
            return new UsageException("suite " + suite.id() + " has no group '" + id + "'"
                    + Suggestions.closest(id, ids).map(s -> "; did you mean '" + s + "'?").orElse("; its groups: " + ids));
        });
    }

    /** Splits repeated and comma-separated option values. */
    static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values == null) return out;
        for (String v : values) for (String p : v.split(",")) if (!p.isBlank()) out.add(p.trim());
        return out;
    }

    /**
     * The groups to run in suite order, and the ones left out with why: skipped with {@code --skip-group},
     * unselected by the pool's features ({@value #UNSELECTED}...), and, when no {@code --group} is given, the
     * suite's groups that are not available in this version ({@value #NOT_AVAILABLE}...). A group named with
     * {@code --group} that is not available is a usage error; one named with {@code --skip-group} is simply not run.
     */
    static Map.Entry<List<GroupDescriptor>, Map<String, String>> groups(QualificationSuite suite, List<String> selected,
                                                                        List<String> skipped, Map<String, String> features) {
        Map<String, String> unavailable = suite.unavailableGroups();
        selected.forEach(g -> group(suite, g));
        skipped.stream().filter(g -> !unavailable.containsKey(g)).forEach(g -> group(suite, g));
        List<GroupDescriptor> run = new ArrayList<>();
        Map<String, String> notRun = new LinkedHashMap<>();
        for (GroupDescriptor g : suite.groups()) {
            if (!selected.isEmpty() && !selected.contains(g.id())) continue;
            if (skipped.contains(g.id())) {
                notRun.put(g.id(), SKIPPED);
                continue;
            }
            var why = g.unsupportedBy(features);
            if (why.isPresent()) notRun.put(g.id(), UNSELECTED + why.get());
            else run.add(g);
        }
        if (selected.isEmpty()) unavailable.forEach((id, why) -> notRun.putIfAbsent(id, NOT_AVAILABLE + why));
        return Map.entry(run, notRun);
    }

    /** The pool {@code id} of {@code cfg}; without one, its only pool. */
    static PoolSpec pool(QualifyConfig cfg, String id) {
        if (id == null) {
            if (cfg.pools().size() == 1) return cfg.pools().get(0);
            throw new UsageException("the config has " + cfg.pools().size() + " pools; choose one with --pool: "
                    + cfg.pools().stream().map(PoolSpec::id).toList());
        }
        return cfg.pool(id).orElseThrow(() -> {
            List<String> ids = cfg.pools().stream().map(PoolSpec::id).toList();
            return new UsageException("no pool '" + id + "' in " + cfg.file()
                    + Suggestions.closest(id, ids).map(x -> "; did you mean '" + x + "'?").orElse("; pools: " + ids));
        });
    }

    /** A group's features as people read them: {@code PKCS11=RSA|Both, DeviceAdvisor (unless No)}. */
    static String describeFeatures(GroupDescriptor g) {
        return String.join(", ", g.features().stream()
                .map(f -> f.endsWith("?") ? f.substring(0, f.length() - 1) + " (unless No)" : f).toList());
    }

    /**
     * A warning for each feature the pool declares that no group of the suite reads but that is plausibly a typo of
     * one a group does read ({@code OTADataPlaneProtocl}, {@code ota}): such a pool silently runs fewer groups.
     * Features no group reads and that resemble none (an IDT {@code WIFI}) are not named. Each warning says where the
     * key is in the config file, as configuration errors do.
     */
    static List<String> featureTypos(QualificationSuite suite, QualifyConfig cfg, PoolSpec pool) {
        java.util.Set<String> read = new java.util.TreeSet<>();
        for (GroupDescriptor g : suite.groups()) {
            for (String f : g.features()) read.add(f.split("=", 2)[0].replace("?", ""));
        }
        List<String> warnings = new ArrayList<>();
        int index = cfg.pools().indexOf(pool);
        for (String name : pool.features().keySet()) {
            if (read.contains(name)) continue;
            Suggestions.closest(name, read).ifPresent(meant -> warnings.add(new dev.qualify.core.config.ConfigException(
                    cfg.locator().keyOf("/pools/" + index + "/features/" + name), "pools[" + index + "].features." + name,
                    "no group of " + suite.id() + " reads this feature, so the groups that need '" + meant
                            + "' are not selected", "did you mean '" + meant + "'?").getMessage()));
        }
        return warnings;
    }
}
