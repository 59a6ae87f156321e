package dev.qualify.api.suite;

import org.apiguardian.api.API;

import java.util.List;
import java.util.Map;

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

    /**
     * Groups the suite names but cannot run in this version (they have no group class yet), each id with why, in
     * the order they are listed. {@code qualify list-groups} lists them as not available, a run never runs them
     * and never reports them as passed, and naming one with {@code --group} is a usage error (exit 2). An id here
     * must not also be the id of one of {@link #groups()}. Default: none.
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    default Map<String, String> unavailableGroups() {
        return Map.of();
    }
}
