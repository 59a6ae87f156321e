package dev.qualify.suites.freertos.groups;

import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.QualificationGroup;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code FullPKCS11_Onboard_ECC}: FLIT's {@code Full_PKCS11_EC} cases with {@code PKCS11_TEST_EC_KEY_SUPPORT} and
 * {@code PKCS11_TEST_GENERATE_KEYPAIR_SUPPORT}: a P-256 key pair generated in the token (GenerateKeyPair), then found,
 * read, used to sign and verify (also from two threads), and destroyed.
 * It shares the PKCS #11 image and boot of the run ({@link FullPkcs11Image}); its cases are credited to it from
 * that boot whichever group read them.
 */
@QualificationGroup(id = "FullPKCS11_Onboard_ECC", title = "PKCS #11 EC keys, generated on the device", required = false,
        features = {"PKCS11=ECC|Both", "KeyProvisioning=Onboard|Both"}, bootShare = "pkcs11", preparation = FullPkcs11Image.Shared.class, cases = {
        "Full_PKCS11_EC.PKCS11_EC_GenerateKeyPair",
        "Full_PKCS11_EC.PKCS11_EC_FindObject",
        "Full_PKCS11_EC.PKCS11_EC_GetAttributeValue",
        "Full_PKCS11_EC.PKCS11_EC_Sign",
        "Full_PKCS11_EC.PKCS11_EC_Verify",
        "Full_PKCS11_EC.PKCS11_EC_FindObjectMultiThread",
        "Full_PKCS11_EC.PKCS11_EC_GetAttributeValueMultiThread",
        "Full_PKCS11_EC.PKCS11_EC_SignVerifyMultiThread",
        "Full_PKCS11_EC.PKCS11_EC_DestroyObject"})
public class FullPkcs11OnboardEccGroup {

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupContext group) {
        return FullPkcs11Image.sharedTests(group);
    }
}
