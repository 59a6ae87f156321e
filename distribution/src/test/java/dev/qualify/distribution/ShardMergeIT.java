package dev.qualify.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's selection (its features, so its twelve groups, FullCloudIoT included, on two virtual boards on free
 * ports) run as four shards through the real {@code bin/qualify}, one after another as four hosts would, and merged
 * with {@code qualify report merge}: the merged run has the same tests, outcomes, groups and totals as one unsharded
 * run, a valid junit.xml and every test's log; merging a shard twice is refused naming the group found twice.
 */
class ShardMergeIT {
    /** The features of configs/demo/qualify.yaml; DeviceAdvisor is on unless No, as in the demo. */
    private static final String DEMO_FEATURES = "PKCS11: Both, KeyProvisioning: Both, OTA: \"Yes\", OTADataPlaneProtocol: MQTT,"
            + " DeviceAdvisor: \"Yes\"";
    /** The one case of the demo's selection that does not pass: the MQTT data plane has no pre-signed URL. */
    private static final String SKIPPED = "OTADataplaneMQTT/OTAE2EPresignedUrlExpired";
    private static final List<String> PKCS11_BOOT = List.of("FullPKCS11_Core", "FullPKCS11_Import_ECC",
            "FullPKCS11_Import_RSA", "FullPKCS11_Onboard_ECC", "FullPKCS11_Onboard_RSA");

    @TempDir
    Path dir;

    @Test
    void fourShardsOfTheDemoSelectionMergedEqualOneUnshardedRun() throws Exception {
        Path config = new VirtualPool().features(DEMO_FEATURES).board().board().write(dir);
        assertThat(groupsThatRun(config)).as("the demo's selection").hasSize(12)
                .isEqualTo(groupsThatRun(Qualify.HOME.resolve("configs/demo/qualify.yaml")));
        Qualify.Result whole = Qualify.run(dir, "run", "--config", config.toString(), "--output", dir.resolve("whole").toString());
        assertThat(whole.exitCode()).as(whole.stdout() + whole.stderr()).isZero();

        List<Path> shards = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i <= 4; i++) {
            Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--shard", i + "/4",
                    "--output", dir.resolve("shards").toString());
            assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
            assertThat(r.stdout()).contains("Shard " + i + "/4 runs ");
            Path run = r.runDir();
            shards.add(run);
            Set<String> groups = new HashSet<>();
            for (JsonNode g : RunFiles.results(run).path("groups")) groups.add(g.path("groupId").asText());
            assertThat(groups).as("shard " + i + " runs some groups").isNotEmpty();
            for (String g : groups) assertThat(seen.add(g)).as("group " + g + " runs in one shard only").isTrue();
            if (groups.contains("FullPKCS11_Core")) assertThat(groups).as("the PKCS #11 boot stays in one shard").containsAll(PKCS11_BOOT);
        }

        Path out = dir.resolve("merged");
        List<String> merge = new ArrayList<>(List.of("report", "merge", out.toString()));
        for (int i = shards.size() - 1; i >= 0; i--) merge.add(shards.get(i).toString()); // any order
        Qualify.Result merged = Qualify.run(dir, merge.toArray(String[]::new));
        assertThat(merged.exitCode()).as(merged.stdout() + merged.stderr()).isZero();
        assertThat(merged.runDir()).isEqualTo(out);

        JsonNode a = RunFiles.results(whole.runDir());
        JsonNode b = RunFiles.results(out);
        assertThat(RunFiles.outcomes(out)).as("the same tests with the same outcomes").isEqualTo(RunFiles.outcomes(whole.runDir()));
        assertThat(RunFiles.outcomes(out)).hasSize(128).containsEntry(SKIPPED, "SKIPPED")
                .allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(k.equals(SKIPPED) ? "SKIPPED" : "PASSED"));
        assertThat(b.path("totals")).isEqualTo(a.path("totals"));
        assertThat(b.path("exitCode")).isEqualTo(a.path("exitCode"));
        assertThat(b.path("interrupted").asBoolean()).isFalse();
        assertThat(groupIds(b)).as("the same groups").isEqualTo(groupIds(a));
        assertThat(b.path("notes")).as("each note once").isEqualTo(a.path("notes"));
        JUnitXml.validate(out.resolve("junit.xml"));
        int cases = JUnitXml.cases(out.resolve("junit.xml"), "board-1") + JUnitXml.cases(out.resolve("junit.xml"), "board-2");
        assertThat(cases).isEqualTo(128);
        for (JsonNode g : b.path("groups")) {
            for (JsonNode t : g.path("tests")) assertThat(out.resolve(t.path("logPath").asText())).as("log of " + t.path("testId")).isRegularFile();
        }
        assertThat(Files.readString(out.resolve("summary.txt"), StandardCharsets.UTF_8)).contains("Tests Passed:       127")
                .contains("Tests Skipped:      1");

        Qualify.Result twice = Qualify.run(dir, "report", "merge", dir.resolve("twice").toString(), shards.get(0).toString(),
                shards.get(1).toString(), shards.get(0).toString(), shards.get(2).toString(), shards.get(3).toString());
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.stderr()).containsPattern("qualify: cannot merge: group \\S+ is in two of the runs: ");
        assertThat(dir.resolve("twice")).doesNotExist();
        Qualify.Result missing = Qualify.run(dir, "report", "merge", dir.resolve("missing").toString(), shards.get(0).toString(),
                shards.get(1).toString(), shards.get(3).toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("(missing: shard 3/4)");
    }

    /** The groups {@code qualify list-groups} says run on the config's pool, touching no device. */
    private List<String> groupsThatRun(Path config) throws Exception {
        Qualify.Result r = Qualify.run(dir, "list-groups", "--config", config.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        return r.stdout().lines().filter(l -> l.matches("\\S+ +(required|optional) .* runs$")).map(l -> l.split(" ")[0]).toList();
    }

    private static List<String> groupIds(JsonNode results) {
        List<String> ids = new ArrayList<>();
        for (JsonNode g : results.path("groups")) ids.add(g.path("groupId").asText());
        ids.sort(null);
        return ids;
    }
}
