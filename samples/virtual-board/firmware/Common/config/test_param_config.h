/*
 * Qualify virtual board - sample firmware project.
 *
 * Test parameters of the FreeRTOS-Libraries-Integration-Tests (FLIT), in the layout of FLIT's
 * config_template/test_param_config_template.h. Qualify rewrites the values it manages (the echo server endpoint and
 * port, the MQTT endpoint, credentials) in its per-group copy of this project; one "#define NAME value" per line.
 */

#ifndef TEST_PARAM_CONFIG_H
#define TEST_PARAM_CONFIG_H

/**
 * @brief Configuration that indicates if the device should generate a key pair.
 */
#define FORCE_GENERATE_NEW_KEY_PAIR                     ( 0 )

/**
 * @brief Endpoint and port of the MQTT broker to connect to in the MQTT test.
 */
#define MQTT_SERVER_ENDPOINT                            "127.0.0.1"
#define MQTT_SERVER_PORT                                ( 8883 )

/**
 * @brief The client identifier for the MQTT test.
 */
#define MQTT_TEST_CLIENT_IDENTIFIER                     "qualify-virtual-board"

/**
 * @brief Network buffer size in bytes; must hold the largest anticipated MQTT payload.
 */
#define MQTT_TEST_NETWORK_BUFFER_SIZE                   ( 5000 )

/**
 * @brief Timeout of MQTT_ProcessLoop() in milliseconds.
 */
#define MQTT_TEST_PROCESS_LOOP_TIMEOUT_MS               ( 700 )

/**
 * @brief Thing name of the device.
 */
#define IOT_THING_NAME                                  "qualify-virtual-board"

/**
 * @brief Root CA of the MQTT broker, client certificate and client private key (PEM strings), or NULL.
 */
#define IOT_CORE_ROOT_CA                                NULL
#define MQTT_CLIENT_CERTIFICATE                         NULL
#define MQTT_CLIENT_PRIVATE_KEY                         NULL

/**
 * @brief Endpoint and port of the echo server the transport interface test connects to.
 */
#define ECHO_SERVER_ENDPOINT                            "127.0.0.1"
#define ECHO_SERVER_PORT                                ( 9000 )

/**
 * @brief Root CA of the echo server, client certificate and client private key (PEM strings), or NULL for the
 * plain-text transport the virtual board implements.
 */
#define ECHO_SERVER_ROOT_CA                             NULL
#define TRANSPORT_CLIENT_CERTIFICATE                    NULL
#define TRANSPORT_CLIENT_PRIVATE_KEY                    NULL

/**
 * @brief Time the board waits after boot before it runs the tests, in milliseconds. A 'start' line on the UART
 * ends the wait early.
 */
#define TEST_START_DELAY_MS                             ( 5000 )

/**
 * @brief PKCS #11 capabilities of the platform.
 */
#define PKCS11_TEST_RSA_KEY_SUPPORT                     ( 1 )
#define PKCS11_TEST_EC_KEY_SUPPORT                      ( 1 )
#define PKCS11_TEST_IMPORT_PRIVATE_KEY_SUPPORT          ( 1 )
#define PKCS11_TEST_GENERATE_KEYPAIR_SUPPORT            ( 1 )
#define PKCS11_TEST_PREPROVISIONED_SUPPORT              ( 0 )

/**
 * @brief PKCS #11 labels of the TLS credentials used by the tests.
 */
#define PKCS11_TEST_LABEL_DEVICE_PRIVATE_KEY_FOR_TLS    "Device Priv TLS Key"
#define PKCS11_TEST_LABEL_DEVICE_PUBLIC_KEY_FOR_TLS     "Device Pub TLS Key"
#define PKCS11_TEST_LABEL_DEVICE_CERTIFICATE_FOR_TLS    "Device Cert"

/**
 * @brief Storage for JITP, code-verification and root certificates.
 */
#define PKCS11_TEST_JITP_CODEVERIFY_ROOT_CERT_SUPPORTED ( 0 )

#endif /* TEST_PARAM_CONFIG_H */
