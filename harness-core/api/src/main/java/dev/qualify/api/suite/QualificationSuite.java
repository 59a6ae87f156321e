package dev.qualify.api.suite;

import org.apiguardian.api.API;

import java.util.List;

/**
 * A qualification suite: an id, a version and its groups in run order; found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.qualify.api.suite.QualificationSuite}).
 */
@API(status = API.Status.STABLE, since = "0.1")
public interface QualificationSuite {
    /** e.g. {@code freertos-qualification}. */
    String id();

    String title();

    String version();

    /** Group classes annotated with {@link QualificationGroup}, in the order they are handed out. */
    List<Class<?>> groupClasses();

    /**
     * Checks the suite's parameters (the config's {@code suites.<id>} section) before the run.
     *
     * @throws dev.qualify.api.driver.SettingsException naming the key
     */
    default void validate(SuiteParameters parameters) {
    }

    default List<GroupDescriptor> groups() {
        return groupClasses().stream().map(GroupDescriptor::of).toList();
    }
}
