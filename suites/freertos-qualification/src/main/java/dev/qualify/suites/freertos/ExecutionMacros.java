package dev.qualify.suites.freertos;

import java.util.List;

/** The {@code test_execution_config.h} switches of FreeRTOS-Libraries-Integration-Tests. */
public final class ExecutionMacros {
    public static final String DEVICE_ADVISOR = "DEVICE_ADVISOR_TEST_ENABLED";
    public static final String MQTT = "MQTT_TEST_ENABLED";
    public static final String TRANSPORT_INTERFACE = "TRANSPORT_INTERFACE_TEST_ENABLED";
    public static final String OTA_PAL = "OTA_PAL_TEST_ENABLED";
    public static final String OTA_E2E = "OTA_E2E_TEST_ENABLED";
    public static final String CORE_PKCS11 = "CORE_PKCS11_TEST_ENABLED";

    public static final List<String> ALL = List.of(DEVICE_ADVISOR, MQTT, TRANSPORT_INTERFACE, OTA_PAL, OTA_E2E, CORE_PKCS11);

    private ExecutionMacros() {
    }
}
