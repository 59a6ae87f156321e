#include "unity_min.h"
#include "uart.h"

static uint32_t tests;
static uint32_t failures;
static uint32_t ignored;
static int current_failed;
static int current_ignored;

void unity_begin(void)
{
    tests = 0;
    failures = 0;
    ignored = 0;
}

void unity_run(const char *group, const char *name, unity_test_fn fn)
{
    current_failed = 0;
    current_ignored = 0;
    uart_puts("TEST(");
    uart_puts(group);
    uart_puts(", ");
    uart_puts(name);
    uart_puts(")");
    fn();
    tests++;
    if (current_failed) {
        failures++;
    } else if (current_ignored) {
        ignored++;
    } else {
        uart_puts(" PASS");
    }
    uart_putc('\n');
}

uint32_t unity_end(void)
{
    uart_puts("\n-----------------------\n");
    uart_put_u32(tests);
    uart_puts(" Tests ");
    uart_put_u32(failures);
    uart_puts(" Failures ");
    uart_put_u32(ignored);
    uart_puts(" Ignored\n");
    uart_puts(failures == 0 ? "OK\n" : "FAIL\n");
    return failures;
}

static void begin_result(const char *file, int line, const char *kind)
{
    uart_puts(file);
    uart_putc(':');
    uart_put_u32((uint32_t)line);
    uart_puts("::");
    uart_puts(kind);
}

void unity_fail_u32(const char *file, int line, uint32_t expected, uint32_t actual, int hex)
{
    current_failed = 1;
    begin_result(file, line, "FAIL: Expected ");
    if (hex) {
        uart_put_hex32(expected);
    } else {
        uart_put_u32(expected);
    }
    uart_puts(" Was ");
    if (hex) {
        uart_put_hex32(actual);
    } else {
        uart_put_u32(actual);
    }
}

void unity_fail_memory(const char *file, int line, size_t index, uint8_t expected, uint8_t actual)
{
    current_failed = 1;
    begin_result(file, line, "FAIL: Memory Mismatch. Byte ");
    uart_put_u32((uint32_t)index);
    uart_puts(" Expected ");
    uart_put_hex32(expected);
    uart_puts(" Was ");
    uart_put_hex32(actual);
}

void unity_fail_message(const char *file, int line, const char *message)
{
    current_failed = 1;
    begin_result(file, line, "FAIL: ");
    uart_puts(message);
}

void unity_ignore(const char *file, int line, const char *message)
{
    current_ignored = 1;
    begin_result(file, line, "IGNORE: ");
    uart_puts(message);
}
