package dev.qualify.suites.freertos.groups;

import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.suites.freertos.ExecutionMacros;
import dev.qualify.suites.freertos.FlitImage;
import dev.qualify.suites.freertos.UnityDeviceTests;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code BoardSelfTest}: not an IDT group. A board bring-up check computed on the device's CPU (CRC-32 and
 * SHA-256 vectors, memory patterns, the SysTick interrupt), enabled with {@code QEMU_SELFTEST_ENABLED}. Only pools
 * that declare the feature {@code SelfTest} run it; {@code samples/qemu-board} is such a board.
 */
@QualificationGroup(id = "BoardSelfTest", title = "Board self-test (bring-up)", required = false,
        features = "SelfTest",
        preparation = BoardSelfTestGroup.Image.class, cases = {
        "QemuSelfTest.Crc32_CheckValue",
        "QemuSelfTest.Crc32_EmptyInputIsZero",
        "QemuSelfTest.Sha256_Abc",
        "QemuSelfTest.Sha256_TwoBlockMessage",
        "QemuSelfTest.Sha256_MillionA",
        "QemuSelfTest.Memory_WalkingOnes",
        "QemuSelfTest.Memory_AddressInAddress",
        "QemuSelfTest.SysTick_InterruptsArrive"})
public class BoardSelfTestGroup {
    /** The execution macro that turns the self-test on. */
    public static final String MACRO = "QEMU_SELFTEST_ENABLED";

    /** The board's self-test image. */
    public static final class Image implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            return FlitImage.of(group, List.of(MACRO), Map.of());
        }
    }

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupContext group) {
        return UnityDeviceTests.run(group, group.group().cases());
    }
}
