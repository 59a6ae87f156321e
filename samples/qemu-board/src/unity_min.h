/*
 * A minimal test runner that prints exactly what Unity's fixture prints in verbose mode
 * (UnityFixture.Verbose = 1), so a harness that parses Unity output parses this board:
 *
 *   TEST(Group, Name) PASS
 *   TEST(Group, Name)src/file.c:42::FAIL: Expected 0xCBF43926 Was 0x00000000
 *   TEST(Group, Name)src/file.c:42::IGNORE: reason
 *
 *   -----------------------
 *   3 Tests 1 Failures 1 Ignored
 *   FAIL
 *
 * Assertion macros return from the test function on failure, so they may only be used in a test function body.
 */
#ifndef UNITY_MIN_H
#define UNITY_MIN_H

#include <stddef.h>
#include <stdint.h>

typedef void (*unity_test_fn)(void);

void unity_begin(void);
void unity_run(const char *group, const char *name, unity_test_fn fn);
/* Prints the summary; returns the number of failures. */
uint32_t unity_end(void);

void unity_fail_u32(const char *file, int line, uint32_t expected, uint32_t actual, int hex);
void unity_fail_memory(const char *file, int line, size_t index, uint8_t expected, uint8_t actual);
void unity_fail_message(const char *file, int line, const char *message);
void unity_ignore(const char *file, int line, const char *message);

#define TEST_ASSERT_EQUAL_UINT32(expected, actual) do { \
        uint32_t e_ = (uint32_t)(expected), a_ = (uint32_t)(actual); \
        if (e_ != a_) { unity_fail_u32(__FILE__, __LINE__, e_, a_, 0); return; } \
    } while (0)

#define TEST_ASSERT_EQUAL_HEX32(expected, actual) do { \
        uint32_t e_ = (uint32_t)(expected), a_ = (uint32_t)(actual); \
        if (e_ != a_) { unity_fail_u32(__FILE__, __LINE__, e_, a_, 1); return; } \
    } while (0)

#define TEST_ASSERT_EQUAL_MEMORY(expected, actual, length) do { \
        const uint8_t *e_ = (const uint8_t *)(expected), *a_ = (const uint8_t *)(actual); \
        for (size_t i_ = 0; i_ < (size_t)(length); i_++) { \
            if (e_[i_] != a_[i_]) { unity_fail_memory(__FILE__, __LINE__, i_, e_[i_], a_[i_]); return; } \
        } \
    } while (0)

#define TEST_ASSERT_TRUE_MESSAGE(condition, message) do { \
        if (!(condition)) { unity_fail_message(__FILE__, __LINE__, message); return; } \
    } while (0)

#define TEST_IGNORE_MESSAGE(message) do { unity_ignore(__FILE__, __LINE__, message); return; } while (0)

#endif
