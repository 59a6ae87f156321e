package dev.qualify.suites.freertos.groups;

import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.suites.freertos.ExecutionMacros;
import dev.qualify.suites.freertos.FlitImage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code FullPKCS11_PreProvisioned_ECC}: FLIT's {@code Full_PKCS11_EC} cases against credentials the device already holds
 * ({@code PKCS11_TEST_PREPROVISIONED_SUPPORT}), in an image of its own with only EC keys and no other
 * provisioning method, as FLIT requires; it shares no image or boot. Selected by the pool feature
 * {@code PreProvisioned: Yes} (IDT's {@code secureElementConfig.preProvisioned}, for which Qualify's device config has
 * no place yet). The host case {@code Host.PKCS11_PreProvisioned_PublicKey} compares the public key the device
 * reports with the suite parameter {@code publicKeyAsciiHexFilePath} ({@code xxd -p} of the DER public key).
 */
@QualificationGroup(id = "FullPKCS11_PreProvisioned_ECC", title = "PKCS #11 EC keys, pre-provisioned", required = false,
        features = {"PKCS11=ECC|Both", "PreProvisioned=Yes"}, preparation = FullPkcs11PreProvisionedEccGroup.Image.class, cases = {
        "Full_PKCS11_EC.PKCS11_EC_FindObject",
        "Full_PKCS11_EC.PKCS11_EC_GetAttributeValue",
        "Full_PKCS11_EC.PKCS11_EC_Sign",
        "Full_PKCS11_EC.PKCS11_EC_Verify",
        "Full_PKCS11_EC.PKCS11_EC_FindObjectMultiThread",
        "Full_PKCS11_EC.PKCS11_EC_GetAttributeValueMultiThread",
        "Full_PKCS11_EC.PKCS11_EC_SignVerifyMultiThread",
        "Host.PKCS11_PreProvisioned_PublicKey"})
public class FullPkcs11PreProvisionedEccGroup {

    /** FLIT with CORE_PKCS11_TEST_ENABLED, EC keys only, pre-provisioned credentials only. */
    public static final class Image implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            return FlitImage.of(group, List.of(ExecutionMacros.CORE_PKCS11), Map.of(
                    FullPkcs11Image.RSA, FullPkcs11Image.bit(false), FullPkcs11Image.EC, FullPkcs11Image.bit(true),
                    FullPkcs11Image.IMPORT, FullPkcs11Image.bit(false), FullPkcs11Image.GENERATE, FullPkcs11Image.bit(false),
                    FullPkcs11Image.PREPROVISIONED, FullPkcs11Image.bit(true)));
        }
    }

    @TestFactory
    Stream<DynamicTest> deviceCases(GroupContext group) {
        return FullPkcs11Image.preProvisionedTests(group);
    }
}
