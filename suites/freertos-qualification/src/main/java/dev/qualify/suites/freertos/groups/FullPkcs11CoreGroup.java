package dev.qualify.suites.freertos.groups;

import dev.qualify.core.engine.GroupRun;
import dev.qualify.core.suite.QualificationGroup;
import dev.qualify.suites.freertos.ExecutionMacros;
import dev.qualify.suites.freertos.FirmwareImage;
import dev.qualify.suites.freertos.UnityDeviceTests;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code FullPKCS11_Core}: the device's PKCS #11 implementation (start/finish, capabilities, digest, random),
 * FLIT's Unity groups {@code Full_PKCS11_StartFinish}, {@code Full_PKCS11_Capabilities} and
 * {@code Full_PKCS11_NoObject}.
 */
@QualificationGroup(id = "FullPKCS11_Core", title = "PKCS #11 core", required = true, features = "PKCS11=RSA|ECC|Both", cases = {
        "Full_PKCS11_StartFinish.PKCS11_StartFinish_FirstTest",
        "Full_PKCS11_StartFinish.PKCS11_GetFunctionList",
        "Full_PKCS11_StartFinish.PKCS11_InitializeFinalize",
        "Full_PKCS11_StartFinish.PKCS11_GetSlotList",
        "Full_PKCS11_StartFinish.PKCS11_OpenSessionCloseSession",
        "Full_PKCS11_Capabilities.PKCS11_Capabilities",
        "Full_PKCS11_NoObject.PKCS11_Digest",
        "Full_PKCS11_NoObject.PKCS11_Digest_ErrorConditions",
        "Full_PKCS11_NoObject.PKCS11_GenerateRandom",
        "Full_PKCS11_NoObject.PKCS11_GenerateRandomMultiThread"})
public class FullPkcs11CoreGroup {

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupRun run) {
        Path image = FirmwareImage.build(run, List.of(ExecutionMacros.CORE_PKCS11), Map.of());
        return UnityDeviceTests.run(run, image, List.of(FullPkcs11CoreGroup.class.getAnnotation(QualificationGroup.class).cases()));
    }
}
