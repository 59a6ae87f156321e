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
 * {@code FullPKCS11_Core}: the device's PKCS #11 implementation (start/finish, capabilities, digest, random),
 * FLIT's Unity groups {@code Full_PKCS11_StartFinish}, {@code Full_PKCS11_Capabilities} and
 * {@code Full_PKCS11_NoObject}.
 */
@QualificationGroup(id = "FullPKCS11_Core", title = "PKCS #11 core", required = true, features = "PKCS11=RSA|ECC|Both",
        preparation = FullPkcs11CoreGroup.Image.class, cases = {
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

    /** FLIT with {@code CORE_PKCS11_TEST_ENABLED}. */
    public static final class Image implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            return FlitImage.of(group, List.of(ExecutionMacros.CORE_PKCS11), Map.of());
        }
    }

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupContext group) {
        return UnityDeviceTests.run(group, group.group().cases());
    }
}
