/*
 * Qualify virtual board - sample firmware project.
 *
 * Execution configuration of the FreeRTOS-Libraries-Integration-Tests (FLIT), in the layout of FLIT's
 * config_template/test_execution_config_template.h. Qualify copies this project for every test group and sets the
 * group's macro to ( 1 ) in the copy; leave every macro at ( 0 ) here.
 *
 * The virtual board implements TRANSPORT_INTERFACE_TEST_ENABLED (plain text or TLS), OTA_PAL_TEST_ENABLED and
 * CORE_PKCS11_TEST_ENABLED. It reports the other ones as not implemented when they are enabled.
 */

#ifndef TEST_EXECUTION_CONFIG_H
#define TEST_EXECUTION_CONFIG_H

/**
 * @brief Configuration to enable Device Advisor testing.
 */
#define DEVICE_ADVISOR_TEST_ENABLED         ( 0 )

/**
 * @brief Configuration to enable the MQTT test.
 */
#define MQTT_TEST_ENABLED                   ( 0 )

/**
 * @brief Configuration to enable the transport interface test (Unity group Full_TransportInterfaceTest).
 */
#define TRANSPORT_INTERFACE_TEST_ENABLED    ( 0 )

/**
 * @brief Configuration to enable the OTA PAL test (Unity group Full_OTA_PAL).
 */
#define OTA_PAL_TEST_ENABLED                ( 0 )

/**
 * @brief Configuration to enable the OTA end-to-end test.
 */
#define OTA_E2E_TEST_ENABLED                ( 0 )

/**
 * @brief Configuration to enable the corePKCS11 test (Unity groups Full_PKCS11_StartFinish,
 * Full_PKCS11_Capabilities and Full_PKCS11_NoObject).
 */
#define CORE_PKCS11_TEST_ENABLED            ( 0 )

#endif /* TEST_EXECUTION_CONFIG_H */
