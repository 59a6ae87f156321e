package dev.qualify.suites.freertos.groups;

import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.QualificationGroup;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code FullPKCS11_Onboard_RSA}: FLIT's {@code Full_PKCS11_RSA} cases with {@code PKCS11_TEST_RSA_KEY_SUPPORT} and
 * {@code PKCS11_TEST_GENERATE_KEYPAIR_SUPPORT}. FLIT 202210.01 does not generate RSA keys (its RSA GenerateKeyPair case
 * is commented out) and runs each RSA case once per enabled RSA provisioning method (pre-provisioned, import): with
 * only key generation enabled the cases run for no method and check nothing on the device; Qualify reports them as
 * the device prints them. When {@code FullPKCS11_Import_RSA} is selected too, the shared image imports, and these
 * cases check the imported keys.
 * It shares the PKCS #11 image and boot of the run ({@link FullPkcs11Image}); its cases are credited to it from
 * that boot whichever group read them.
 */
@QualificationGroup(id = "FullPKCS11_Onboard_RSA", title = "PKCS #11 RSA keys, generated on the device", required = false,
        features = {"PKCS11=RSA|Both", "KeyProvisioning=Onboard|Both"}, bootShare = "pkcs11", preparation = FullPkcs11Image.Shared.class, cases = {
        "Full_PKCS11_RSA.PKCS11_RSA_FindObject",
        "Full_PKCS11_RSA.PKCS11_RSA_GetAttributeValue",
        "Full_PKCS11_RSA.PKCS11_RSA_Sign",
        "Full_PKCS11_RSA.PKCS11_RSA_FindObjectMultiThread",
        "Full_PKCS11_RSA.PKCS11_RSA_GetAttributeValueMultiThread",
        "Full_PKCS11_RSA.PKCS11_RSA_DestroyObject"})
public class FullPkcs11OnboardRsaGroup {

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupContext group) {
        return FullPkcs11Image.sharedTests(group);
    }
}
