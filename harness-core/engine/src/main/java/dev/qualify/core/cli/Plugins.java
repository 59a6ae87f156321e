package dev.qualify.core.cli;

import dev.qualify.api.cloud.CloudProvider;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.api.report.ReportWriter;
import dev.qualify.api.spi.CommandProvider;
import dev.qualify.api.suite.QualificationSuite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Everything found on the class path with {@link ServiceLoader}: suites, drivers, clouds, report writers, commands. */
final class Plugins {
    private Plugins() {
    }

    static <T> List<T> load(Class<T> type) {
        return load(type, Plugins.class.getClassLoader());
    }

    /** The providers of {@code type} visible through {@code loader} (e.g. the one over {@code --suite-path}). */
    static <T> List<T> load(Class<T> type, ClassLoader loader) {
        List<T> out = new ArrayList<>();
        ServiceLoader.load(type, loader).forEach(out::add);
        return out;
    }

    /** The suites visible through {@code loader}, by id. */
    static List<QualificationSuite> suites(ClassLoader loader) {
        List<QualificationSuite> s = load(QualificationSuite.class, loader);
        s.sort(Comparator.comparing(QualificationSuite::id));
        return s;
    }

    /** The built-in suites, by id. */
    static List<QualificationSuite> suites() {
        return suites(Plugins.class.getClassLoader());
    }

    static Optional<QualificationSuite> suite(String id, ClassLoader loader) {
        return suites(loader).stream().filter(s -> s.id().equals(id)).findFirst();
    }

    static DriverRegistry drivers() {
        return DriverRegistry.load();
    }

    static List<CloudProvider> clouds() {
        return load(CloudProvider.class);
    }

    static List<ReportWriter> reportWriters() {
        return load(ReportWriter.class);
    }

    static List<CommandProvider> commands() {
        return load(CommandProvider.class);
    }
}
