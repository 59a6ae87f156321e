package dev.qualify.suites.freertos.groups;

import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.QualificationGroup;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code FullPKCS11_Core}: the device's PKCS #11 implementation (start/finish, capabilities, digest, random),
 * FLIT's Unity groups {@code Full_PKCS11_StartFinish}, {@code Full_PKCS11_Capabilities} and
 * {@code Full_PKCS11_NoObject}. It runs in the PKCS #11 image and boot it shares with the Import and Onboard groups
 * the run selects ({@link FullPkcs11Image}), or alone in that image when none is selected.
 */
@QualificationGroup(id = "FullPKCS11_Core", title = "PKCS #11 core", required = true, features = "PKCS11=RSA|ECC|Both",
        bootShare = "pkcs11", preparation = FullPkcs11Image.Shared.class, cases = {
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
    Stream<DynamicTest> deviceCases(GroupContext group) {
        return FullPkcs11Image.sharedTests(group);
    }
}
