package dev.qualify.core.cli;

import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.api.suite.QualificationSuite;
import dev.qualify.core.config.PoolSpec;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which groups a run runs and why the others are not run, as {@code run} prints and {@code list-groups} lists them. */
class SelectionTest {
    @QualificationGroup(id = "HostCheck", title = "A host check", preparation = Preparation.HostOnly.class)
    static class HostCheck {
    }

    @QualificationGroup(id = "NeedsPkcs11", title = "PKCS #11", features = "PKCS11=RSA|ECC|Both")
    static class NeedsPkcs11 {
    }

    @QualificationGroup(id = "NeedsOta", title = "OTA", required = false, features = "OTA")
    static class NeedsOta {
    }

    static final class Suite implements QualificationSuite {
        @Override
        public String id() {
            return "s";
        }

        @Override
        public String title() {
            return "S";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public List<Class<?>> groupClasses() {
            return List.of(HostCheck.class, NeedsPkcs11.class, NeedsOta.class);
        }

        @Override
        public Map<String, String> unavailableGroups() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("FullCloudIoT", "a later version");
            m.put("OTADataplaneMQTT", "a later version too");
            return m;
        }
    }

    private final Suite suite = new Suite();

    @Test
    void theFeaturesOfThePoolSelectAndEachLeftOutGroupSaysWhy() {
        var chosen = Selection.groups(suite, List.of(), List.of(), Map.of("PKCS11", "ECC"));
        assertThat(chosen.getKey()).extracting(GroupDescriptor::id).containsExactly("HostCheck", "NeedsPkcs11");
        assertThat(chosen.getValue()).containsExactly(
                Map.entry("NeedsOta", "unselected due to feature constraints: the pool does not declare feature OTA"),
                Map.entry("FullCloudIoT", "not available in this version: a later version"),
                Map.entry("OTADataplaneMQTT", "not available in this version: a later version too"));
    }

    @Test
    void aFeatureValueTheGroupDoesNotTakeIsNamed() {
        var chosen = Selection.groups(suite, List.of(), List.of(), Map.of("PKCS11", "No"));
        assertThat(chosen.getValue().get("NeedsPkcs11")).isEqualTo("unselected due to feature constraints: the pool declares feature PKCS11: No");
        chosen = Selection.groups(suite, List.of(), List.of(), Map.of("PKCS11", "TPM"));
        assertThat(chosen.getValue().get("NeedsPkcs11")).isEqualTo("unselected due to feature constraints: feature PKCS11 is TPM, the group needs RSA|ECC|Both");
    }

    @Test
    void askingForAnUnavailableGroupIsAUsageErrorAndSkippingOneIsFine() {
        assertThatThrownBy(() -> Selection.groups(suite, List.of("FullCloudIoT"), List.of(), Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessage("group FullCloudIoT of suite s is not available in this version: a later version; it cannot be run with this Qualify");
        var chosen = Selection.groups(suite, List.of(), List.of("FullCloudIoT", "HostCheck"), Map.of("PKCS11", "ECC"));
        assertThat(chosen.getKey()).extracting(GroupDescriptor::id).containsExactly("NeedsPkcs11");
        assertThat(chosen.getValue()).containsEntry("HostCheck", "skipped with --skip-group")
                .containsEntry("FullCloudIoT", "not available in this version: a later version");
    }

    @Test
    void namedGroupsLeaveTheOthersUnmentioned() {
        var chosen = Selection.groups(suite, List.of("HostCheck"), List.of(), Map.of());
        assertThat(chosen.getKey()).extracting(GroupDescriptor::id).containsExactly("HostCheck");
        assertThat(chosen.getValue()).isEmpty();
        assertThatThrownBy(() -> Selection.group(suite, "HostChek")).isInstanceOf(UsageException.class)
                .hasMessageContaining("did you mean 'HostCheck'?");
    }

    @Test
    void listGroupsWithoutAPoolShowsRequiredAndFeaturesAndTheUnavailableGroups() {
        String out = print(null);
        assertThat(out).containsPattern("(?m)^HostCheck +required +\\(any pool\\) +A host check$")
                .containsPattern("(?m)^NeedsPkcs11 +required +PKCS11=RSA\\|ECC\\|Both +PKCS #11$")
                .containsPattern("(?m)^NeedsOta +optional +OTA +OTA$")
                .containsPattern("(?m)^FullCloudIoT +- +- +not available in this version: a later version$")
                .doesNotContain("runs");
    }

    @Test
    void listGroupsWithAPoolSaysWhatRunsAndWhyTheRestDoNot() {
        String out = print(new PoolSpec("lab", null, Map.of("PKCS11", "ECC"), List.of()));
        assertThat(out).startsWith("Pool lab (features: PKCS11=ECC)")
                .containsPattern("(?m)^HostCheck +required +\\(any pool\\) +runs$")
                .containsPattern("(?m)^NeedsPkcs11 +required +PKCS11=RSA\\|ECC\\|Both +runs$")
                .containsPattern("(?m)^NeedsOta +optional +OTA +not run: unselected due to feature constraints: the pool does not declare feature OTA$")
                .containsPattern("(?m)^OTADataplaneMQTT +- +- +not run: not available in this version: a later version too$");
    }

    private String print(PoolSpec pool) {
        StringWriter s = new StringWriter();
        try (PrintWriter w = new PrintWriter(s)) {
            ListGroupsCommand.print(suite, pool, w);
        }
        return s.toString();
    }
}
