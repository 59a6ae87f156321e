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
        List<T> out = new ArrayList<>();
        ServiceLoader.load(type, Plugins.class.getClassLoader()).forEach(out::add);
        return out;
    }

    static List<QualificationSuite> suites() {
        List<QualificationSuite> s = load(QualificationSuite.class);
        s.sort(Comparator.comparing(QualificationSuite::id));
        return s;
    }

    static Optional<QualificationSuite> suite(String id) {
        return suites().stream().filter(s -> s.id().equals(id)).findFirst();
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
