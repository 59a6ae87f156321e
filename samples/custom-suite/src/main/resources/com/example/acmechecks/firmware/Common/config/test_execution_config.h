/*
 * The firmware project the ConsolePrompt group asks the engine to build and flash: the Qualify virtual board's
 * sample project with no test enabled, so the board boots, answers the handshake and idles at its prompt.
 * For your own board, point the suite parameter 'sourcePath' at your firmware project instead.
 */
#ifndef TEST_EXECUTION_CONFIG_H
#define TEST_EXECUTION_CONFIG_H

#define DEVICE_ADVISOR_TEST_ENABLED         ( 0 )
#define MQTT_TEST_ENABLED                   ( 0 )
#define TRANSPORT_INTERFACE_TEST_ENABLED    ( 0 )
#define OTA_PAL_TEST_ENABLED                ( 0 )
#define OTA_E2E_TEST_ENABLED                ( 0 )
#define CORE_PKCS11_TEST_ENABLED            ( 0 )

#endif /* TEST_EXECUTION_CONFIG_H */
