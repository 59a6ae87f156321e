/*
 * Parameters of the test groups. The FLIT macros keep their names and defaults (a harness rewrites them for a
 * real board); the QEMU_SELFTEST_* ones belong to this board's self-test group.
 */
#ifndef TEST_PARAM_CONFIG_H
#define TEST_PARAM_CONFIG_H

/* FLIT parameters, unused on this board (no network). */
#ifndef MQTT_SERVER_ENDPOINT
#define MQTT_SERVER_ENDPOINT                 "127.0.0.1"
#endif
#ifndef MQTT_SERVER_PORT
#define MQTT_SERVER_PORT                     8883
#endif
#ifndef MQTT_TEST_CLIENT_IDENTIFIER
#define MQTT_TEST_CLIENT_IDENTIFIER          "qemu-board"
#endif
#ifndef ECHO_SERVER_ENDPOINT
#define ECHO_SERVER_ENDPOINT                 "127.0.0.1"
#endif
#ifndef ECHO_SERVER_PORT
#define ECHO_SERVER_PORT                     9000
#endif
/* FLIT delays the tests by this much so the host can open the port; this board waits for a "start" line
 * instead, so the delay is 0. */
#ifndef TEST_START_DELAY_MS
#define TEST_START_DELAY_MS                  0
#endif

/* Words of RAM the memory pattern tests write and read back. */
#ifndef QEMU_SELFTEST_MEMORY_WORDS
#define QEMU_SELFTEST_MEMORY_WORDS           1024
#endif
/* SysTick interrupts the timer test waits for. */
#ifndef QEMU_SELFTEST_SYSTICK_TICKS
#define QEMU_SELFTEST_SYSTICK_TICKS          5
#endif
/* 1 adds a test that fails on purpose, to check how a harness reports a device failure. */
#ifndef QEMU_SELFTEST_INJECT_FAILURE
#define QEMU_SELFTEST_INJECT_FAILURE         0
#endif

#endif /* TEST_PARAM_CONFIG_H */
