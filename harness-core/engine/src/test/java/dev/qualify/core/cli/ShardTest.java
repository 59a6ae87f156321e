package dev.qualify.core.cli;

import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.Preparation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --shard I/N}: the split is deterministic, complete and disjoint, keeps a boot's groups together, and is balanced. */
class ShardTest {
    private static GroupDescriptor group(String id, int cases, String bootShare) {
        List<String> names = IntStream.range(0, cases).mapToObj(i -> id + ".case" + i).toList();
        return new GroupDescriptor(id, id, true, List.of(), names, Object.class, Preparation.HostOnly.class, bootShare);
    }

    /**
     * The demo's selection (configs/demo/qualify.yaml, as {@code qualify list-groups} lists it) with the cases each
     * group declares ({@code qualify list-test-cases}): the five PKCS #11 groups share one boot.
     */
    private static final List<GroupDescriptor> DEMO = List.of(
            group("FreeRTOSVersion", 1, ""), group("FreeRTOSIntegrity", 1, ""), group("FullCloudIoT", 24, ""),
            group("OTADataplaneMQTT", 14, ""),
            group("FullPKCS11_Core", 10, "pkcs11"), group("FullPKCS11_Import_ECC", 9, "pkcs11"),
            group("FullPKCS11_Import_RSA", 7, "pkcs11"), group("FullPKCS11_Onboard_ECC", 9, "pkcs11"),
            group("FullPKCS11_Onboard_RSA", 6, "pkcs11"), group("FullTransportInterfacePlainText", 14, ""),
            group("FullTransportInterfaceTLS", 14, ""), group("OTACore", 15, ""));

    /** The split docs/qualify-a-board.md gives for the demo, and the one {@code qualify run --shard I/4} prints. */
    @Test
    void theDemoSelectionSplitsIntoFourBalancedShardsWithThePkcs11BootInOne() {
        List<List<String>> shards = shardIds(Shard.split(DEMO, 4));
        assertThat(shards).containsExactly(
                List.of("FullPKCS11_Core", "FullPKCS11_Import_ECC", "FullPKCS11_Import_RSA", "FullPKCS11_Onboard_ECC", "FullPKCS11_Onboard_RSA"),
                List.of("FreeRTOSVersion", "FreeRTOSIntegrity", "FullCloudIoT"),
                List.of("OTADataplaneMQTT", "OTACore"),
                List.of("FullTransportInterfacePlainText", "FullTransportInterfaceTLS"));
        assertThat(ids(new Shard(3, 4).of(DEMO))).isEqualTo(shards.get(2));
    }

    @Test
    void manySelectionsSplitTheSameWayWhateverTheOrderCompletelyDisjointlyAndKeepingBootsTogether() {
        Random random = new Random(20261202);
        List<GroupDescriptor> universe = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String boot = i % 7 == 0 ? "" : i % 5 == 0 ? "bootA" : i % 11 == 0 ? "bootB" : "";
            universe.add(group("G" + i, random.nextInt(20), boot));
        }
        for (int trial = 0; trial < 500; trial++) {
            List<GroupDescriptor> selection = new ArrayList<>();
            for (GroupDescriptor g : universe) if (random.nextInt(3) > 0) selection.add(g);
            if (selection.isEmpty()) continue;
            int n = 1 + random.nextInt(8);
            List<List<GroupDescriptor>> split = Shard.split(selection, n);
            List<GroupDescriptor> shuffled = new ArrayList<>(selection);
            Collections.shuffle(shuffled, random);
            assertThat(sets(Shard.split(shuffled, n))).as("independent of the order of the selection").isEqualTo(sets(split));

            assertThat(split).hasSize(n);
            Set<String> seen = new HashSet<>();
            for (List<GroupDescriptor> shard : split) {
                for (GroupDescriptor g : shard) assertThat(seen.add(g.id())).as("group " + g.id() + " in one shard only").isTrue();
            }
            assertThat(seen).as("every selected group in some shard").isEqualTo(new HashSet<>(ids(selection)));
            for (List<GroupDescriptor> shard : split) {
                assertThat(shard).as("each shard keeps the selection's order").isEqualTo(selection.stream().filter(shard::contains).toList());
                for (GroupDescriptor g : shard) {
                    if (g.bootShare().isEmpty()) continue;
                    assertThat(shard).as("the groups of boot " + g.bootShare() + " stay together")
                            .containsAll(selection.stream().filter(o -> o.bootShare().equals(g.bootShare())).toList());
                }
            }
            long units = selection.stream().map(g -> g.bootShare().isEmpty() ? "g" + g.id() : "b" + g.bootShare()).distinct().count();
            if (units >= n) assertThat(split).as("no shard is empty with " + units + " units for " + n).allMatch(s -> !s.isEmpty());
            // the longest-processing-time rule: the heaviest shard exceeds the lightest by at most its last unit
            long max = split.stream().mapToLong(ShardTest::weight).max().orElse(0);
            long min = split.stream().mapToLong(ShardTest::weight).min().orElse(0);
            long biggestUnit = selection.stream().collect(java.util.stream.Collectors.groupingBy(
                    g -> g.bootShare().isEmpty() ? "g" + g.id() : "b" + g.bootShare(),
                    java.util.stream.Collectors.summingLong(g -> Math.max(1, g.cases().size())))).values().stream()
                    .mapToLong(Long::longValue).max().orElse(0);
            assertThat(max - min).isLessThanOrEqualTo(biggestUnit);
        }
    }

    @Test
    void aShardWithoutAGroupIsAUsageErrorThatSaysHowManyShardsThereCanBe() {
        List<GroupDescriptor> three = List.of(group("A", 3, ""), group("B", 2, "boot"), group("C", 2, "boot"), group("D", 1, ""));
        assertThat(new Shard(3, 3).of(three)).isNotEmpty();
        assertThatThrownBy(() -> new Shard(4, 4).of(three)).isInstanceOf(UsageException.class)
                .hasMessageContaining("only 3 parts").hasMessageContaining("use at most 3 shards");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1/1", "2/4", "4/4", " 3/7 "})
    void goodValuesParse(String text) {
        Shard s = Shard.parse(text);
        assertThat(s.toString()).isEqualTo(text.trim());
    }

    @Test
    void badValuesSayWhatIsWrong() {
        assertThatThrownBy(() -> Shard.parse("0/4")).isInstanceOf(UsageException.class).hasMessage("--shard 0/4: I counts from 1 and must be between 1 and 4");
        assertThatThrownBy(() -> Shard.parse("5/4")).isInstanceOf(UsageException.class).hasMessage("--shard 5/4: I counts from 1 and must be between 1 and 4");
        assertThatThrownBy(() -> Shard.parse("1/0")).isInstanceOf(UsageException.class).hasMessage("--shard 1/0: N, the number of shards, must be at least 1");
        for (String bad : List.of("a/b", "1", "1/", "/4", "-1/4", "1/4/2", "1.5/4", "99999999999/99999999999", "")) {
            assertThatThrownBy(() -> Shard.parse(bad)).as(bad).isInstanceOf(UsageException.class)
                    .hasMessage("--shard wants I/N, two whole numbers with 1 <= I <= N (e.g. --shard 2/4), not '" + bad + "'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0/4", "5/4", "a/b", "1/0"})
    void qualifyRunExitsTwoForABadShardBeforeReadingTheConfig(String value) {
        StringWriter err = new StringWriter();
        var cl = QualifyMain.commandLine();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int exit = cl.execute("run", "--config", "/nonexistent/qualify.yaml", "--shard", value);
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("qualify: --shard ").contains(value);
    }

    private static long weight(List<GroupDescriptor> shard) {
        return shard.stream().mapToLong(g -> Math.max(1, g.cases().size())).sum();
    }

    private static List<String> ids(List<GroupDescriptor> groups) {
        return groups.stream().map(GroupDescriptor::id).toList();
    }

    private static List<List<String>> shardIds(List<List<GroupDescriptor>> shards) {
        return shards.stream().map(ShardTest::ids).toList();
    }

    private static List<Set<String>> sets(List<List<GroupDescriptor>> shards) {
        return shards.stream().map(s -> Set.copyOf(ids(s))).toList();
    }
}
