package dev.qualify.api.suite;

import org.apiguardian.api.API;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A group as the runner sees it, read from its {@link QualificationGroup} annotation.
 *
 * @param cases       the test cases it reports, as {@code UnityGroup.Case} or method names; may be empty
 * @param preparation what the device must run before the first test
 * @param bootShare   the key of the groups it may share a boot with; empty for none
 */
@API(status = API.Status.STABLE, since = "0.1")
public record GroupDescriptor(String id, String title, boolean required, List<String> features, List<String> cases,
                              Class<?> testClass, Class<? extends Preparation> preparation, String bootShare) {
    public GroupDescriptor {
        bootShare = bootShare == null ? "" : bootShare;
        features = List.copyOf(features);
        cases = List.copyOf(cases);
    }

    /** A group that shares no boot. */
    public GroupDescriptor(String id, String title, boolean required, List<String> features, List<String> cases,
                           Class<?> testClass, Class<? extends Preparation> preparation) {
        this(id, title, required, features, cases, testClass, preparation, "");
    }

    public static GroupDescriptor of(Class<?> testClass) {
        QualificationGroup g = testClass.getAnnotation(QualificationGroup.class);
        if (g == null) {
            throw new IllegalArgumentException(testClass.getName() + " is not annotated with @QualificationGroup");
        }
        return new GroupDescriptor(g.id(), g.title(), g.required(), List.of(g.features()), List.of(g.cases()), testClass,
                g.preparation(), g.bootShare());
    }

    /**
     * Why a pool with {@code poolFeatures} cannot run this group, or empty when it can (see
     * {@link QualificationGroup#features()} for the forms of a feature).
     */
    public Optional<String> unsupportedBy(Map<String, String> poolFeatures) {
        for (String f : features) {
            if (f.endsWith("?")) {
                String name = f.substring(0, f.length() - 1);
                String value = poolFeatures.get(name);
                if (value != null && value.equalsIgnoreCase("no")) {
                    return Optional.of("the pool declares feature " + name + ": " + value);
                }
                continue;
            }
            String[] parts = f.split("=", 2);
            String value = poolFeatures.get(parts[0]);
            if (value == null) return Optional.of("the pool does not declare feature " + parts[0]);
            if (value.equalsIgnoreCase("no")) return Optional.of("the pool declares feature " + parts[0] + ": " + value);
            if (parts.length == 2 && List.of(parts[1].split("\\|")).stream().noneMatch(v -> v.equalsIgnoreCase(value))) {
                return Optional.of("feature " + parts[0] + " is " + value + ", the group needs " + parts[1]);
            }
        }
        return Optional.empty();
    }
}
