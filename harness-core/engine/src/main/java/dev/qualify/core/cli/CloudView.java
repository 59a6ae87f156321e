package dev.qualify.core.cli;

import dev.qualify.api.cloud.CloudCapability;
import dev.qualify.api.cloud.CloudNeeds;
import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.core.config.QualifyConfig;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configured cloud as {@code list-groups --config} shows it: its type and capabilities, known from its provider
 * without starting or reaching it, and what of a group it cannot run ({@link dev.qualify.api.cloud.NeedsEmulatedCloud}).
 */
record CloudView(String type, Set<CloudCapability> capabilities) {

    static CloudView of(QualifyConfig cfg, List<CloudProvider> providers) {
        Set<CloudCapability> caps = providers.stream().filter(c -> c.type().equals(cfg.cloud().type())).findFirst()
                .map(c -> c.capabilities(cfg.cloud().settings())).orElse(Set.of());
        return new CloudView(cfg.cloud().type(), Set.copyOf(caps));
    }

    /** One line: {@code Cloud mqtt (capabilities: none)}. */
    String describe() {
        return "Cloud " + type + " (capabilities: " + (capabilities.isEmpty() ? "none"
                : String.join(", ", new TreeSet<>(capabilities.stream().map(Enum::name).toList()))) + ")";
    }

    /**
     * {@code runs}; {@code runs, its cases SKIPPED: <reason>} for a group whose class needs what the cloud lacks; or
     * {@code runs; SKIPPED: a, b (<reason>)} naming the test methods it skips.
     */
    String runs(GroupDescriptor g) {
        Optional<String> whole = CloudNeeds.skipReason(g.testClass(), type, capabilities);
        if (whole.isPresent()) return "runs, every case SKIPPED: " + whole.get();
        List<String> skipped = new ArrayList<>();
        String reason = null;
        for (Method m : g.testClass().getDeclaredMethods()) {
            Optional<String> why = CloudNeeds.skipReason(m, type, capabilities);
            if (why.isPresent()) {
                skipped.add(m.getName());
                reason = why.get();
            }
        }
        if (skipped.isEmpty()) return "runs";
        skipped.sort(null);
        return "runs; SKIPPED: " + String.join(", ", skipped) + " (" + reason + ")";
    }
}
