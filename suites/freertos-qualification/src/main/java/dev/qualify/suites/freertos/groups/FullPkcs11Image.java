package dev.qualify.suites.freertos.groups;

import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.Preparation;
import dev.qualify.suites.freertos.ExecutionMacros;
import dev.qualify.suites.freertos.FlitImage;
import dev.qualify.suites.freertos.SharedUnityBoot;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The PKCS #11 groups' image and boot, as FLIT's {@code RunPkcs11Test()} runs them: one image runs
 * {@code Full_PKCS11_StartFinish}, {@code _Capabilities}, {@code _NoObject}, then {@code Full_PKCS11_RSA} and
 * {@code Full_PKCS11_EC} with the cases the {@code PKCS11_TEST_*} macros enable. So the Core, Import and Onboard
 * groups a run selects share one image (its macros the union of what they need) and one boot ({@code bootShare
 * = "pkcs11"}); each reads its own cases from the boot's {@link SharedUnityBoot}. PreProvisioned groups build their
 * own image (one key type, no other provisioning, as FLIT requires) and share nothing.
 */
public final class FullPkcs11Image {
    private FullPkcs11Image() {
    }

    static final String RSA = "PKCS11_TEST_RSA_KEY_SUPPORT";
    static final String EC = "PKCS11_TEST_EC_KEY_SUPPORT";
    static final String IMPORT = "PKCS11_TEST_IMPORT_PRIVATE_KEY_SUPPORT";
    static final String GENERATE = "PKCS11_TEST_GENERATE_KEYPAIR_SUPPORT";
    static final String PREPROVISIONED = "PKCS11_TEST_PREPROVISIONED_SUPPORT";

    /** The groups of the shared boot, in suite order. */
    static final List<Class<?>> SHARED = List.of(FullPkcs11CoreGroup.class, FullPkcs11ImportEccGroup.class,
            FullPkcs11ImportRsaGroup.class, FullPkcs11OnboardEccGroup.class, FullPkcs11OnboardRsaGroup.class);
    static final List<Class<?>> PREPROVISIONED_GROUPS = List.of(FullPkcs11PreProvisionedEccGroup.class,
            FullPkcs11PreProvisionedRsaGroup.class);

    /** Every case FLIT's core_pkcs11_test.c can print, by group. */
    static Set<String> allCases() {
        Set<String> all = new LinkedHashSet<>();
        for (Class<?> c : SHARED) all.addAll(GroupDescriptor.of(c).cases());
        for (Class<?> c : PREPROVISIONED_GROUPS) all.addAll(GroupDescriptor.of(c).cases());
        all.removeIf(n -> n.startsWith("Host."));
        return all;
    }

    /**
     * The shared groups of this group's boot: id to declared cases. Usually every shared group the run selects; on a
     * pool with devices to spare the engine may cut them into parts, each with its own image and boot.
     */
    static Map<String, List<String>> selectedShared(GroupContext group) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Class<?> c : SHARED) {
            GroupDescriptor d = GroupDescriptor.of(c);
            if (group.bootGroups().contains(d.id()) || d.id().equals(group.group().id())) out.put(d.id(), d.cases());
        }
        return out;
    }

    /**
     * The {@code PKCS11_TEST_*} values of the shared image: the union of the selected groups' needs. With only
     * {@code FullPKCS11_Core} selected no key type is needed; the project's own values are kept then.
     */
    static Map<String, String> sharedMacros(GroupContext group) {
        Set<String> ids = selectedShared(group).keySet();
        boolean rsa = ids.contains("FullPKCS11_Import_RSA") || ids.contains("FullPKCS11_Onboard_RSA");
        boolean ec = ids.contains("FullPKCS11_Import_ECC") || ids.contains("FullPKCS11_Onboard_ECC");
        boolean imp = ids.contains("FullPKCS11_Import_RSA") || ids.contains("FullPKCS11_Import_ECC");
        boolean gen = ids.contains("FullPKCS11_Onboard_RSA") || ids.contains("FullPKCS11_Onboard_ECC");
        Map<String, String> m = new LinkedHashMap<>();
        if (!rsa && !ec) return m;
        m.put(RSA, bit(rsa));
        m.put(EC, bit(ec));
        m.put(IMPORT, bit(imp));
        m.put(GENERATE, bit(gen));
        m.put(PREPROVISIONED, bit(false));
        return m;
    }

    static String bit(boolean b) {
        return b ? "( 1 )" : "( 0 )";
    }

    /** The shared image: FLIT with CORE_PKCS11_TEST_ENABLED and the union of its boot's groups' macros. */
    public static final class Shared implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            Map<String, String> macros = sharedMacros(group);
            group.transcript().note("PKCS #11 image shared by " + selectedShared(group).keySet() + ": "
                    + (macros.isEmpty() ? "the project's PKCS11_TEST_* values" : macros));
            return FlitImage.of(group, List.of(ExecutionMacros.CORE_PKCS11), macros);
        }
    }

    /** The group's cases from the shared boot. */
    static Stream<DynamicTest> sharedTests(GroupContext group) {
        Map<String, List<String>> expected = selectedShared(group);
        Set<String> elsewhere = new LinkedHashSet<>(allCases());
        expected.values().forEach(elsewhere::removeAll);
        return SharedUnityBoot.of(group).tests(group, expected, elsewhere);
    }

    /** Where a port prints the pre-provisioned public key (the virtual board's wording; see its README). */
    static final String PUBLIC_KEY_LINE = "pre-provisioned public key (DER, hex): ";

    /** A PreProvisioned group's device cases from its own boot, then the host's public-key check. */
    static Stream<DynamicTest> preProvisionedTests(GroupContext group) {
        List<String> deviceCases = group.group().cases().stream().filter(c -> !c.startsWith("Host.")).toList();
        Map<String, List<String>> expected = Map.of(group.group().id(), deviceCases);
        Set<String> elsewhere = new LinkedHashSet<>(allCases());
        elsewhere.removeAll(deviceCases);
        SharedUnityBoot boot = SharedUnityBoot.of(group);
        Stream<DynamicTest> device = boot.tests(group, expected, elsewhere);
        if (!group.selected("PKCS11_PreProvisioned_PublicKey")) return device;
        return Stream.concat(device, Stream.of(DynamicTest.dynamicTest("Host.PKCS11_PreProvisioned_PublicKey",
                () -> checkPublicKey(group, boot))));
    }

    private static void checkPublicKey(GroupContext group, SharedUnityBoot boot) throws java.io.IOException {
        String reported = boot.lines().stream().filter(l -> l.contains(PUBLIC_KEY_LINE))
                .map(l -> l.substring(l.indexOf(PUBLIC_KEY_LINE) + PUBLIC_KEY_LINE.length()).strip())
                .findFirst().orElse(null);
        java.util.Optional<java.nio.file.Path> file = group.parameters().path("publicKeyAsciiHexFilePath");
        if (reported == null) {
            org.junit.jupiter.api.Assertions.fail("the device printed no line with \"" + PUBLIC_KEY_LINE
                    + "\": its pre-provisioned public key could not be checked");
        }
        group.transcript().note("device's pre-provisioned public key: " + reported);
        if (file.isEmpty()) {
            org.junit.jupiter.api.Assumptions.abort("publicKeyAsciiHexFilePath is not set: the key the device reports ("
                    + reported + ") was not compared with the one you gave");
        }
        String expected = java.nio.file.Files.readString(file.get()).replaceAll("\\s", "").toLowerCase(java.util.Locale.ROOT);
        if (!expected.equals(reported.toLowerCase(java.util.Locale.ROOT))) {
            org.junit.jupiter.api.Assertions.fail("the device's pre-provisioned public key is not the one in " + file.get()
                    + ": expected " + expected + ", the device reports " + reported);
        }
    }

    /** Cases of one key type's Unity group, in FLIT order, for a provisioning method. */
    static List<String> objectCases(boolean ecKeys, boolean imp, boolean gen, boolean preprovisioned) {
        List<String> out = new ArrayList<>();
        String g = ecKeys ? "Full_PKCS11_EC." : "Full_PKCS11_RSA.";
        String p = ecKeys ? "PKCS11_EC_" : "PKCS11_RSA_";
        if (ecKeys && gen) out.add(g + p + "GenerateKeyPair");
        if (imp) out.add(g + p + "CreateObject");
        out.add(g + p + "FindObject");
        out.add(g + p + "GetAttributeValue");
        out.add(g + p + "Sign");
        if (ecKeys) out.add(g + p + "Verify");
        out.add(g + p + "FindObjectMultiThread");
        out.add(g + p + "GetAttributeValueMultiThread");
        if (ecKeys) out.add(g + p + "SignVerifyMultiThread");
        if (!preprovisioned) out.add(g + p + "DestroyObject");
        return out;
    }
}
