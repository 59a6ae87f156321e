package dev.qualify.samples.virtualboard.unity;

import java.util.HexFormat;

/**
 * The Unity assertions the FLIT tests use, with Unity's failure texts: {@code Expected 0 Was 7},
 * {@code Expected 2048 to be less than 0}, {@code Element 3 Expected 0xA5 Was 0x00}, each followed by
 * {@code ". " + message} when a message is given. The failure's line is the line of the assertion's caller.
 */
public final class UnityAssert {

    private static final StackWalker WALKER = StackWalker.getInstance();

    private UnityAssert() {
    }

    /** TEST_ASSERT_EQUAL (integer style). */
    public static void assertEqual(long expected, long actual, String message) {
        if (expected != actual) {
            throw fail("Expected " + expected + " Was " + actual, message);
        }
    }

    /** TEST_ASSERT_LESS_THAN: {@code actual < threshold}. */
    public static void assertLessThan(long threshold, long actual, String message) {
        if (!(actual < threshold)) {
            throw fail("Expected " + actual + " to be less than " + threshold, message);
        }
    }

    /** TEST_ASSERT_GREATER_THAN: {@code actual > threshold}. */
    public static void assertGreaterThan(long threshold, long actual, String message) {
        if (!(actual > threshold)) {
            throw fail("Expected " + actual + " to be greater than " + threshold, message);
        }
    }

    /** TEST_ASSERT_GREATER_OR_EQUAL: {@code actual >= threshold}. */
    public static void assertGreaterOrEqual(long threshold, long actual, String message) {
        if (!(actual >= threshold)) {
            throw fail("Expected " + actual + " to be greater than or equal to " + threshold, message);
        }
    }

    /** TEST_ASSERT_LESS_OR_EQUAL: {@code actual <= threshold}. */
    public static void assertLessOrEqual(long threshold, long actual, String message) {
        if (!(actual <= threshold)) {
            throw fail("Expected " + actual + " to be less than or equal to " + threshold, message);
        }
    }

    /** TEST_ASSERT_TRUE / TEST_ASSERT_TRUE_MESSAGE. */
    public static void assertTrue(boolean condition, String message) {
        if (!condition) {
            throw fail(message == null ? "Expected TRUE Was FALSE" : message, null);
        }
    }

    /** TEST_ASSERT_NOT_NULL_MESSAGE. */
    public static void assertNotNull(Object value, String message) {
        if (value == null) {
            throw fail(message == null ? "Expected Non-NULL" : message, null);
        }
    }

    /** TEST_ASSERT_EACH_EQUAL_HEX8_MESSAGE over {@code data[from, from + length)}. */
    public static void assertEachEqualHex8(int expected, byte[] data, int from, int length, String message) {
        for (int i = 0; i < length; i++) {
            if (data[from + i] != (byte) expected) {
                throw fail("Element " + i + " Expected " + hex8(expected) + " Was " + hex8(data[from + i]), message);
            }
        }
    }

    /** TEST_ASSERT_EQUAL_INT8_ARRAY: elements are printed as signed bytes, as Unity's INT8 style does. */
    public static void assertEqualInt8Array(byte[] expected, byte[] actual, int length, String message) {
        for (int i = 0; i < length; i++) {
            if (expected[i] != actual[i]) {
                throw fail("Element " + i + " Expected " + expected[i] + " Was " + actual[i], message);
            }
        }
    }

    /** TEST_FAIL_MESSAGE. */
    public static UnityFailure fail(String text, String message) {
        String full = message == null || message.isEmpty() ? text : text + ". " + message;
        return new UnityFailure(callerLine(), full);
    }

    private static String hex8(int b) {
        return "0x" + HexFormat.of().withUpperCase().toHexDigits((byte) b);
    }

    private static int callerLine() {
        return WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().equals(UnityAssert.class.getName()))
                .findFirst()
                .map(StackWalker.StackFrame::getLineNumber)
                .orElse(0));
    }
}
