package dev.qualify.core.cli;

import dev.qualify.api.support.Suggestions;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.QualificationSuite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolves suite and group names given on the command line, with "did you mean" for typos. */
final class Selection {
    static final String DEFAULT_SUITE = "freertos-qualification";

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

    static GroupDescriptor group(QualificationSuite suite, String id) {
        return suite.groups().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow(() -> {
            List<String> ids = suite.groups().stream().map(GroupDescriptor::id).toList();
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
     * The groups to run in suite order, and the ones left out with why.
     */
    static Map.Entry<List<GroupDescriptor>, Map<String, String>> groups(QualificationSuite suite, List<String> selected,
                                                                        List<String> skipped, Map<String, String> features) {
        selected.forEach(g -> group(suite, g));
        skipped.forEach(g -> group(suite, g));
        List<GroupDescriptor> run = new ArrayList<>();
        Map<String, String> notRun = new LinkedHashMap<>();
        for (GroupDescriptor g : suite.groups()) {
            if (!selected.isEmpty() && !selected.contains(g.id())) continue;
            if (skipped.contains(g.id())) {
                notRun.put(g.id(), "skipped with --skip-group");
                continue;
            }
            var why = g.unsupportedBy(features);
            if (why.isPresent()) notRun.put(g.id(), why.get());
            else run.add(g);
        }
        return Map.entry(run, notRun);
    }
}
