package dev.qualify.suites.freertos.groups;

import dev.qualify.core.engine.GroupRun;
import dev.qualify.core.suite.QualificationGroup;
import dev.qualify.suites.freertos.FirmwareImage;
import dev.qualify.suites.freertos.UnityDeviceTests;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code BoardSelfTest}: not an IDT group. A board bring-up check computed on the device's CPU (CRC-32 and
 * SHA-256 vectors, memory patterns, the SysTick interrupt), enabled with {@code QEMU_SELFTEST_ENABLED}. Only pools
 * that declare the feature {@code SelfTest} run it; {@code samples/qemu-board} is such a board.
 */
@QualificationGroup(id = "BoardSelfTest", title = "Board self-test (bring-up)", required = false,
        features = "SelfTest", cases = {
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

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupRun run) {
        Path image = FirmwareImage.build(run, List.of(MACRO), Map.of());
        return UnityDeviceTests.run(run, image, List.of(BoardSelfTestGroup.class.getAnnotation(QualificationGroup.class).cases()));
    }
}
