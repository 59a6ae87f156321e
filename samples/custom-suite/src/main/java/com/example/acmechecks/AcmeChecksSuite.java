package com.example.acmechecks;

import dev.qualify.api.suite.QualificationSuite;

import java.util.List;

/**
 * The acme-checks suite: its id, title and version, and its groups in the order they are handed to devices.
 * Registered in {@code META-INF/services/dev.qualify.api.suite.QualificationSuite}, so {@code qualify run
 * --suite-path target/acme-checks.jar} finds it.
 */
public final class AcmeChecksSuite implements QualificationSuite {
    @Override
    public String id() {
        return "acme-checks";
    }

    @Override
    public String title() {
        return "Acme checks";
    }

    @Override
    public String version() {
        String v = getClass().getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public List<Class<?>> groupClasses() {
        return List.of(ConsolePromptGroup.class, CloudCredentialsGroup.class);
    }
}
