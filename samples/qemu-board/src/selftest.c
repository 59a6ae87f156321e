/* The QemuSelfTest group: known-answer tests computed on the emulated CPU. */
#include "selftest.h"

#include "crc32.h"
#include "sha256.h"
#include "systick.h"
#include "test_param_config.h"
#include "unity_min.h"

static const uint8_t CHECK_INPUT[] = "123456789";
static const uint8_t ABC_DIGEST[32] = {
    0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
    0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};
static const uint8_t TWO_BLOCK_DIGEST[32] = {
    0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8, 0xe5, 0xc0, 0x26, 0x93, 0x0c, 0x3e, 0x60, 0x39,
    0xa3, 0x3c, 0xe4, 0x59, 0x64, 0xff, 0x21, 0x67, 0xf6, 0xec, 0xed, 0xd4, 0x19, 0xdb, 0x06, 0xc1,
};
static const uint8_t MILLION_A_DIGEST[32] = {
    0xcd, 0xc7, 0x6e, 0x5c, 0x99, 0x14, 0xfb, 0x92, 0x81, 0xa1, 0xc7, 0xe2, 0x84, 0xd7, 0x3e, 0x67,
    0xf1, 0x80, 0x9a, 0x48, 0xa4, 0x97, 0x20, 0x0e, 0x04, 0x6d, 0x39, 0xcc, 0xc7, 0x11, 0x2c, 0xd0,
};

static volatile uint32_t pattern_ram[QEMU_SELFTEST_MEMORY_WORDS];

static void test_crc32_check_value(void)
{
    TEST_ASSERT_EQUAL_HEX32(0xCBF43926u, crc32(CHECK_INPUT, sizeof CHECK_INPUT - 1));
}

static void test_crc32_empty_input_is_zero(void)
{
    TEST_ASSERT_EQUAL_HEX32(0x00000000u, crc32(CHECK_INPUT, 0));
}

static void test_sha256_abc(void)
{
    sha256_ctx ctx;
    uint8_t digest[32];
    sha256_init(&ctx);
    sha256_update(&ctx, (const uint8_t *)"abc", 3);
    sha256_final(&ctx, digest);
    TEST_ASSERT_EQUAL_MEMORY(ABC_DIGEST, digest, 32);
}

static void test_sha256_two_block_message(void)
{
    static const char message[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_ctx ctx;
    uint8_t digest[32];
    sha256_init(&ctx);
    sha256_update(&ctx, (const uint8_t *)message, sizeof message - 1);
    sha256_final(&ctx, digest);
    TEST_ASSERT_EQUAL_MEMORY(TWO_BLOCK_DIGEST, digest, 32);
}

static void test_sha256_million_a(void)
{
    uint8_t chunk[100];
    for (int i = 0; i < 100; i++) {
        chunk[i] = 'a';
    }
    sha256_ctx ctx;
    uint8_t digest[32];
    sha256_init(&ctx);
    for (int i = 0; i < 10000; i++) {
        sha256_update(&ctx, chunk, sizeof chunk);
    }
    sha256_final(&ctx, digest);
    TEST_ASSERT_EQUAL_MEMORY(MILLION_A_DIGEST, digest, 32);
}

static void test_memory_walking_ones(void)
{
    for (uint32_t bit = 0; bit < 32; bit++) {
        uint32_t value = 1u << bit;
        for (uint32_t i = 0; i < QEMU_SELFTEST_MEMORY_WORDS; i++) {
            pattern_ram[i] = value;
        }
        for (uint32_t i = 0; i < QEMU_SELFTEST_MEMORY_WORDS; i++) {
            TEST_ASSERT_EQUAL_HEX32(value, pattern_ram[i]);
        }
    }
}

static void test_memory_address_in_address(void)
{
    for (uint32_t i = 0; i < QEMU_SELFTEST_MEMORY_WORDS; i++) {
        pattern_ram[i] = (uint32_t)(uintptr_t)&pattern_ram[i];
    }
    for (uint32_t i = 0; i < QEMU_SELFTEST_MEMORY_WORDS; i++) {
        TEST_ASSERT_EQUAL_HEX32((uint32_t)(uintptr_t)&pattern_ram[i], pattern_ram[i]);
    }
}

static void test_systick_interrupts_arrive(void)
{
    systick_start(12000u); /* 1 ms at 12 MHz */
    uint32_t spins = 0;
    while (systick_ticks() < QEMU_SELFTEST_SYSTICK_TICKS && spins < 200000000u) {
        spins++;
    }
    uint32_t seen = systick_ticks();
    systick_stop();
    TEST_ASSERT_TRUE_MESSAGE(seen >= QEMU_SELFTEST_SYSTICK_TICKS, "SysTick interrupts did not arrive");
}

static void test_fpu_single_precision(void)
{
    TEST_IGNORE_MESSAGE("the Cortex-M3 has no FPU");
}

#if QEMU_SELFTEST_INJECT_FAILURE
static void test_injected_failure(void)
{
    TEST_ASSERT_EQUAL_UINT32(1u, crc32(CHECK_INPUT, 1) == 0u ? 1u : 2u);
}
#endif

void run_qemu_selftest_group(void)
{
    unity_run("QemuSelfTest", "Crc32_CheckValue", test_crc32_check_value);
    unity_run("QemuSelfTest", "Crc32_EmptyInputIsZero", test_crc32_empty_input_is_zero);
    unity_run("QemuSelfTest", "Sha256_Abc", test_sha256_abc);
    unity_run("QemuSelfTest", "Sha256_TwoBlockMessage", test_sha256_two_block_message);
    unity_run("QemuSelfTest", "Sha256_MillionA", test_sha256_million_a);
    unity_run("QemuSelfTest", "Memory_WalkingOnes", test_memory_walking_ones);
    unity_run("QemuSelfTest", "Memory_AddressInAddress", test_memory_address_in_address);
    unity_run("QemuSelfTest", "SysTick_InterruptsArrive", test_systick_interrupts_arrive);
    unity_run("QemuSelfTest", "Fpu_SinglePrecision", test_fpu_single_precision);
#if QEMU_SELFTEST_INJECT_FAILURE
    unity_run("QemuSelfTest", "Injected_Failure", test_injected_failure);
#endif
}
