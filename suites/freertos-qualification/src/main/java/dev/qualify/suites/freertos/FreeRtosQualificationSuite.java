package dev.qualify.suites.freertos;

import dev.qualify.api.suite.QualificationSuite;
import dev.qualify.api.suite.SuiteParameters;
import dev.qualify.suites.freertos.groups.BoardSelfTestGroup;
import dev.qualify.suites.freertos.groups.FullPkcs11CoreGroup;
import dev.qualify.suites.freertos.groups.FullTransportInterfacePlainTextGroup;

import java.util.List;

/**
 * The FreeRTOS qualification suite: the device-side groups of FreeRTOS-Libraries-Integration-Tests, with IDT's
 * group ids, run against Qualify's own servers.
 */
public final class FreeRtosQualificationSuite implements QualificationSuite {
    @Override
    public String id() {
        return "freertos-qualification";
    }

    @Override
    public String title() {
        return "FreeRTOS qualification (FRQ 2.x groups)";
    }

    @Override
    public String version() {
        String v = getClass().getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public List<Class<?>> groupClasses() {
        return List.of(FullPkcs11CoreGroup.class, FullTransportInterfacePlainTextGroup.class, BoardSelfTestGroup.class);
    }

    @Override
    public void validate(SuiteParameters parameters) {
        FreeRtosParameters.validate(parameters.values(), parameters.baseDir());
    }
}
