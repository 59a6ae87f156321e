package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code qualify list-groups} with and without a config, the groups the suite cannot run yet, and the two host
 * groups on the sample firmware, through the real {@code bin/qualify}.
 */
class HostGroupsAndListingIT {
    private static final List<String> HOST_GROUPS = List.of("FreeRTOSVersion", "FreeRTOSIntegrity");

    @TempDir
    Path dir;

    @Test
    void listGroupsNamesEveryGroupWhetherRequiredTheFeaturesThatSelectIt() throws Exception {
        Qualify.Result r = Qualify.run(dir, "list-groups");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).containsPattern("(?m)^FreeRTOSVersion +required +\\(any pool\\) +FreeRTOS version is supported$")
                .containsPattern("(?m)^FreeRTOSIntegrity +optional +\\(any pool\\) ")
                .containsPattern("(?m)^FullPKCS11_Core +required +PKCS11=RSA\\|ECC\\|Both ")
                .containsPattern("(?m)^BoardSelfTest +optional +SelfTest ")
                .containsPattern("(?m)^OTADataplaneMQTT +required +OTA=Yes, OTADataPlaneProtocol=MQTT\\|Both ")
                .containsPattern("(?m)^OTADataplaneHTTP +required +OTA=Yes, OTADataPlaneProtocol=HTTP\\|Both ")
                .containsPattern("(?m)^FullCloudIoT +required +DeviceAdvisor \\(unless No\\) ")
                .doesNotContain("not available in this version");
    }

    @Test
    void listGroupsWithAConfigSaysWhichGroupsThePoolRunsAndWhyTheOthersAreNotRun() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Qualify.Result r = Qualify.run(dir, "list-groups", "--config", config.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("Pool it-pool (features: DeviceAdvisor=No, PKCS11=ECC)")
                .containsPattern("(?m)^FullCloudIoT +required +DeviceAdvisor \\(unless No\\) +not run: unselected due to"
                        + " feature constraints: the pool declares feature DeviceAdvisor: No$")
                .containsPattern("(?m)^FreeRTOSVersion +required +\\(any pool\\) +runs$")
                .containsPattern("(?m)^FullPKCS11_Core +required +\\S+ +runs$")
                .containsPattern("(?m)^BoardSelfTest +optional +SelfTest +not run: unselected due to feature constraints:"
                        + " the pool does not declare feature SelfTest$")
                .containsPattern("(?m)^OTADataplaneMQTT +required +OTA=Yes, OTADataPlaneProtocol=MQTT\\|Both +not run: unselected due to feature constraints:"
                        + " the pool does not declare feature OTA$");

        Qualify.Result named = Qualify.run(dir, "list-groups", "--config", config.toString(), "--pool", "it-pool");
        assertThat(named.exitCode()).isZero();
        assertThat(named.stdout()).isEqualTo(r.stdout());

        Qualify.Result typo = Qualify.run(dir, "list-groups", "--config", config.toString(), "--pool", "it-pol");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.stderr()).contains("did you mean 'it-pool'?");
        Qualify.Result noConfig = Qualify.run(dir, "list-groups", "--pool", "it-pool");
        assertThat(noConfig.exitCode()).isEqualTo(2);
        assertThat(noConfig.stderr()).contains("--pool needs --config");
    }

    @Test
    void theHostGroupsPassOnTheSampleFirmwareAndTheRunSaysWhyEveryOtherGroupIsNotRun() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Files.writeString(config, Files.readString(config) + "    freeRTOSVersion: 202210.01-LTS\n");
        List<String> skip = new ArrayList<>();
        for (String line : Qualify.run(dir, "list-groups", "--config", config.toString()).stdout().split("\n")) {
            String id = line.split(" +", 2)[0];
            if (line.endsWith(" runs") && !HOST_GROUPS.contains(id)) skip.add(id);
        }
        assertThat(skip).contains("FullPKCS11_Core");
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--skip-group", String.join(",", skip),
                "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout()).contains("Group FullPKCS11_Core is not run: skipped with --skip-group")
                .contains("Group BoardSelfTest is not run: unselected due to feature constraints: the pool does not declare feature SelfTest")
                .contains("Group OTADataplaneMQTT is not run: unselected due to feature constraints: the pool does not declare feature OTA");
        Map<String, String> outcomes = JUnitXml.outcomes(r.runDir().resolve("junit.xml"), "board-1");
        assertThat(outcomes).containsOnlyKeys("FreeRTOSVersion", "Manifest", "FreeRTOS-Kernel", "coreMQTT", "corePKCS11",
                "FreeRTOS-Libraries-Integration-Tests");
        assertThat(outcomes.values()).containsOnly("passed");
        assertThat(Files.readString(r.runDir().resolve("journal.jsonl"))).contains("group OTADataplaneMQTT not run: unselected due to feature constraints: the pool does not declare feature OTA");
    }

    @Test
    void aFeatureNameThatLooksLikeATypoIsAWarningNamingWhereItIsAndTheFeatureMeant() throws Exception {
        Path config = new VirtualPool().features("PKCS11: ECC, ota: \"Yes\", OTADataPlaneProtocl: MQTT").board().write(dir);
        Qualify.Result check = Qualify.run(dir, "config", "check", "--config", config.toString());
        assertThat(check.exitCode()).as(check.stdout() + check.stderr()).isZero();
        assertThat(check.stdout())
                .containsPattern("warning: \\S*qualify\\.yaml:3:\\d+: pools\\[0]\\.features\\.OTADataPlaneProtocl: no group of"
                        + " freertos-qualification reads this feature")
                .contains("hint: did you mean 'OTADataPlaneProtocol'?")
                .containsPattern("pools\\[0]\\.features\\.ota: no group of freertos-qualification reads this feature")
                .contains("did you mean 'OTA'?")
                .doesNotContain("features.PKCS11:");
        Qualify.Result run = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FreeRTOSVersion",
                "--output", dir.resolve("results").toString());
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        assertThat(run.stderr()).contains("qualify: warning: ").contains("pools[0].features.OTADataPlaneProtocl")
                .contains("did you mean 'OTADataPlaneProtocol'?");
    }

    @Test
    void anUnsupportedFreeRtosVersionFailsTheRunListingTheAcceptedVersions() throws Exception {
        Path config = new VirtualPool().board().write(dir);
        Files.writeString(config, Files.readString(config) + "    freeRTOSVersion: 202406.00-LTS\n");
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FreeRTOSVersion",
                "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        assertThat(JUnitXml.outcomes(r.runDir().resolve("junit.xml"), "board-1")).containsEntry("FreeRTOSVersion", "failure");
        assertThat(r.stdout()).contains("unknown FreeRTOS version '202406.00-LTS'").contains("202210.01-LTS");
    }
}
