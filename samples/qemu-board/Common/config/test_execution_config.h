/*
 * Which test groups the firmware runs. Same file name and macro names as the FreeRTOS Libraries Integration
 * Tests (FLIT) config_template, so a harness that rewrites this header for a real board (as IDT does) can rewrite
 * it for this one. Each macro may also be overridden on the compiler command line (make EXTRA_CFLAGS=-D...=1).
 *
 * This board has no network and no PKCS #11 module: only QEMU_SELFTEST_ENABLED may be 1; the FLIT groups are
 * listed so that the header has the familiar shape, and enabling one fails the build with a clear message.
 */
#ifndef TEST_EXECUTION_CONFIG_H
#define TEST_EXECUTION_CONFIG_H

#ifndef DEVICE_ADVISOR_TEST_ENABLED
#define DEVICE_ADVISOR_TEST_ENABLED          0
#endif
#ifndef MQTT_TEST_ENABLED
#define MQTT_TEST_ENABLED                    0
#endif
#ifndef TRANSPORT_INTERFACE_TEST_ENABLED
#define TRANSPORT_INTERFACE_TEST_ENABLED     0
#endif
#ifndef OTA_PAL_TEST_ENABLED
#define OTA_PAL_TEST_ENABLED                 0
#endif
#ifndef OTA_E2E_TEST_ENABLED
#define OTA_E2E_TEST_ENABLED                 0
#endif
#ifndef CORE_PKCS11_TEST_ENABLED
#define CORE_PKCS11_TEST_ENABLED             0
#endif

/* The self-test group of this board: CRC-32, SHA-256, RAM patterns and the SysTick timer, computed on the
 * emulated CPU. */
#ifndef QEMU_SELFTEST_ENABLED
#define QEMU_SELFTEST_ENABLED                1
#endif

#endif /* TEST_EXECUTION_CONFIG_H */
