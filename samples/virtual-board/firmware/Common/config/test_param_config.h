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
 * @brief Root CA of the echo server, client certificate and client private key (PEM strings; the key as PKCS #8),
 * or NULL for the plain-text transport. With ECHO_SERVER_ROOT_CA set, the virtual board connects with TLS.
 */
#define ECHO_SERVER_ROOT_CA                             NULL
#define TRANSPORT_CLIENT_CERTIFICATE                    NULL
#define TRANSPORT_CLIENT_PRIVATE_KEY                    NULL

/**
 * @brief Define to run the 9 writev cases of the transport interface test (FLIT tests it with #ifdef, so any
 * value enables them). The virtual board implements writev.
 */
/* #define TRANSPORT_TEST_EXECUTE_WRITEV_TESTS             ( 1 ) */

/**
 * @brief OTA PAL test: the signature scheme of the platform.
 */
#define OTA_RSA_SHA1                                    1
#define OTA_RSA_SHA256                                  2
#define OTA_ECDSA_SHA256                                3
#define OTA_PAL_TEST_CERT_TYPE                          OTA_ECDSA_SHA256

/**
 * @brief OTA PAL test: path of the code-signing certificate and of the firmware file on the device, and whether
 * the PAL has a file system (OTA_PAL_USE_FILE_SYSTEM 1 runs otaPal_CloseFile_NonexistingCodeSignerCertificate).
 */
#define OTA_PAL_CERTIFICATE_FILE                        "ota_signer_pub"
#define OTA_PAL_FIRMWARE_FILE                           "ota_firmware.bin"
#define OTA_PAL_USE_FILE_SYSTEM                         ( 1 )

/**
 * @brief OTA PAL test: the code-signing certificate (PEM) the port provisions to OTA_PAL_CERTIFICATE_FILE, and a
 * valid and an invalid signature of the PAL test image (C initializers), in place of FLIT's
 * aws_test_ota_pal_*_signature.h. Qualify generates a signer and signs the image per run.
 */
#define OTA_PAL_CODE_SIGNER_CERTIFICATE                 NULL
#define OTA_PAL_TEST_VALID_SIGNATURE                    NULL
#define OTA_PAL_TEST_INVALID_SIGNATURE                  NULL

/**
 * @brief Application version of the image (the OTA end-to-end tests bump it).
 */
#define OTA_APP_VERSION_MAJOR                           0
#define OTA_APP_VERSION_MINOR                           9
#define OTA_APP_VERSION_BUILD                           1

/**
 * @brief Time the board waits after boot before it runs the tests, in milliseconds. A 'start' line on the UART
 * ends the wait early.
 */
#define TEST_START_DELAY_MS                             ( 5000 )

/**
 * @brief PKCS #11 capabilities of the platform. Qualify sets all five in its copy for the PKCS #11 groups a run
 * selects (FullPKCS11_Import_* / _Onboard_* / _PreProvisioned_*). With both key types at 0, as here, the virtual
 * board runs only the core groups (Full_PKCS11_StartFinish, _Capabilities, _NoObject); real FLIT needs at least one
 * key type and one provisioning method, so a real port's project sets what it supports.
 */
#define PKCS11_TEST_RSA_KEY_SUPPORT                     ( 0 )
#define PKCS11_TEST_EC_KEY_SUPPORT                      ( 0 )
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
