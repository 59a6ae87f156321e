/*
 * qemu-board: prints a boot banner, waits for a "start" line on UART0 (so the host never misses the first test
 * line), runs the enabled test groups in Unity fixture format between the markers a harness looks for, and then
 * waits for the next "start".
 */
#include "selftest.h"
#include "test_execution_config.h"
#include "test_param_config.h"
#include "uart.h"
#include "unity_min.h"

#if DEVICE_ADVISOR_TEST_ENABLED || MQTT_TEST_ENABLED || TRANSPORT_INTERFACE_TEST_ENABLED || OTA_PAL_TEST_ENABLED \
    || OTA_E2E_TEST_ENABLED || CORE_PKCS11_TEST_ENABLED
#error "qemu-board has no network and no PKCS #11 module: only QEMU_SELFTEST_ENABLED may be set in test_execution_config.h"
#endif

#ifdef BOARD_MPS2_AN385
#define BOARD_NAME "mps2-an385"
#else
#define BOARD_NAME "lm3s6965evb"
#endif

#define LINE_MAX 64

/* Reads one line (CR, LF or CRLF ends it); overlong lines are cut. */
static void read_line(char *line)
{
    int n = 0;
    for (;;) {
        char c = uart_getc();
        if (c == '\r' || c == '\n') {
            if (n > 0) {
                break;
            }
            continue;
        }
        if (n < LINE_MAX - 1) {
            line[n++] = c;
        }
    }
    while (n > 0 && line[n - 1] == ' ') {
        n--;
    }
    line[n] = '\0';
}

static int equals(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static void run_tests(void)
{
    uart_puts("---------STARTING TESTS---------\n");
    unity_begin();
#if QEMU_SELFTEST_ENABLED
    run_qemu_selftest_group();
#endif
    unity_end();
    uart_puts("-------ALL TESTS FINISHED-------\n");
}

int main(void)
{
    char line[LINE_MAX];
    uart_init();
    uart_puts("qemu-board 1.0 booted on " BOARD_NAME " (Cortex-M3)\n");
    for (;;) {
        uart_puts("qemu-board: send 'start' to run the tests\n");
        read_line(line);
        if (equals(line, "start")) {
            run_tests();
        } else {
            uart_puts("qemu-board: unknown command '");
            uart_puts(line);
            uart_puts("'\n");
        }
    }
}
