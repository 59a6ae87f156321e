package dev.qualify.suites.freertos;

import dev.qualify.api.suite.QualificationSuite;
import dev.qualify.api.suite.SuiteParameters;
import dev.qualify.suites.freertos.groups.BoardSelfTestGroup;
import dev.qualify.suites.freertos.groups.FreeRtosIntegrityGroup;
import dev.qualify.suites.freertos.groups.FreeRtosVersionGroup;
import dev.qualify.suites.freertos.groups.FullPkcs11CoreGroup;
import dev.qualify.suites.freertos.groups.FullTransportInterfacePlainTextGroup;
import dev.qualify.suites.freertos.groups.FullTransportInterfaceTlsGroup;
import dev.qualify.suites.freertos.groups.OtaCoreGroup;

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
        // in run order; FullCloudIoT and the OTA end-to-end groups early: they are a board's longest groups, so on a
        // pool one board starts each while the others share the rest (last, they would keep the run going after
        // everything else)
        return List.of(FreeRtosVersionGroup.class, FreeRtosIntegrityGroup.class,
                dev.qualify.suites.freertos.groups.FullCloudIoTGroup.class,
                dev.qualify.suites.freertos.groups.OtaDataplaneMqttGroup.class,
                dev.qualify.suites.freertos.groups.OtaDataplaneHttpGroup.class,
                FullPkcs11CoreGroup.class,
                dev.qualify.suites.freertos.groups.FullPkcs11ImportEccGroup.class,
                dev.qualify.suites.freertos.groups.FullPkcs11ImportRsaGroup.class,
                dev.qualify.suites.freertos.groups.FullPkcs11OnboardEccGroup.class,
                dev.qualify.suites.freertos.groups.FullPkcs11OnboardRsaGroup.class,
                dev.qualify.suites.freertos.groups.FullPkcs11PreProvisionedEccGroup.class,
                dev.qualify.suites.freertos.groups.FullPkcs11PreProvisionedRsaGroup.class,
                FullTransportInterfacePlainTextGroup.class, FullTransportInterfaceTlsGroup.class, OtaCoreGroup.class, BoardSelfTestGroup.class,
                dev.qualify.suites.freertos.groups.FullMqttGroup.class);
    }

    @Override
    public void validate(SuiteParameters parameters) {
        FreeRtosParameters.validate(parameters.values(), parameters.baseDir());
    }
}
