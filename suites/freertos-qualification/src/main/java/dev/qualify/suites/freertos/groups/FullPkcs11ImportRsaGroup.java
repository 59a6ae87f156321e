package dev.qualify.suites.freertos.groups;

import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.QualificationGroup;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code FullPKCS11_Import_RSA}: FLIT's {@code Full_PKCS11_RSA} cases with {@code PKCS11_TEST_RSA_KEY_SUPPORT} and
 * {@code PKCS11_TEST_IMPORT_PRIVATE_KEY_SUPPORT}: the RSA test credentials imported, found, read, used to sign
 * (CKM_RSA_PKCS), read from two threads, destroyed.
 * It shares the PKCS #11 image and boot of the run ({@link FullPkcs11Image}); its cases are credited to it from
 * that boot whichever group read them.
 */
@QualificationGroup(id = "FullPKCS11_Import_RSA", title = "PKCS #11 RSA keys, imported", required = false,
        features = {"PKCS11=RSA|Both", "KeyProvisioning=Import|Both"}, bootShare = "pkcs11", preparation = FullPkcs11Image.Shared.class, cases = {
        "Full_PKCS11_RSA.PKCS11_RSA_CreateObject",
        "Full_PKCS11_RSA.PKCS11_RSA_FindObject",
        "Full_PKCS11_RSA.PKCS11_RSA_GetAttributeValue",
        "Full_PKCS11_RSA.PKCS11_RSA_Sign",
        "Full_PKCS11_RSA.PKCS11_RSA_FindObjectMultiThread",
        "Full_PKCS11_RSA.PKCS11_RSA_GetAttributeValueMultiThread",
        "Full_PKCS11_RSA.PKCS11_RSA_DestroyObject"})
public class FullPkcs11ImportRsaGroup {

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupContext group) {
        return FullPkcs11Image.sharedTests(group);
    }
}
