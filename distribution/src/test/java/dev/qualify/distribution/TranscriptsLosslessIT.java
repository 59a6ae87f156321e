package dev.qualify.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A virtual board prints 100,000 numbered lines spread over its Unity results (a share before each result line),
 * through the real {@code bin/qualify}, its tcp-serial console and its process power: every line is in exactly one
 * test's log, the tests' logs in the order of their results hold them all in order, and the group's log holds all of
 * them in order. With the five PKCS #11 groups of one boot (each case credited to the groups that declare it, a case
 * two groups declare printed once), every line is still in exactly one test's log, and the groups' logs in the order
 * the groups ran hold them all in order.
 */
class TranscriptsLosslessIT {
    private static final int LINES = 100_000;
    private static final String TEXT = "numbered line";

    @TempDir
    Path dir;

    @Test
    void everyLineOfOneGroupIsInExactlyOneTestLogAndInTheGroupLogInOrder() throws Exception {
        Path config = new VirtualPool().board("--numbered-lines", String.valueOf(LINES)).write(dir);
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", "FullPKCS11_Core",
                "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path runDir = r.runDir();

        List<String> testLogs = DeviceLines.testLogsInOrder(runDir);
        assertThat(testLogs).hasSize(10).doesNotHaveDuplicates();
        assertOnePerTestLog(runDir, testLogs);
        List<Integer> inOrder = new ArrayList<>();
        for (String log : testLogs) inOrder.addAll(DeviceLines.numbers(DeviceLines.of(runDir.resolve(log)), TEXT));
        assertAllInOrder(inOrder, "the tests' logs in the order of their results");
        assertAllInOrder(DeviceLines.numbers(DeviceLines.of(runDir.resolve("logs/board-1/FullPKCS11_Core/_group.log")), TEXT),
                "the group's log");
    }

    @Test
    void everyLineOfASharedBootIsInExactlyOneTestLogAndInTheGroupLogsInOrder() throws Exception {
        Path config = new VirtualPool().features("PKCS11: Both, KeyProvisioning: Both")
                .board("--numbered-lines", String.valueOf(LINES)).write(dir);
        List<String> groups = List.of("FullPKCS11_Core", "FullPKCS11_Import_ECC", "FullPKCS11_Import_RSA",
                "FullPKCS11_Onboard_ECC", "FullPKCS11_Onboard_RSA");
        Qualify.Result r = Qualify.run(dir, "run", "--config", config.toString(), "--group", String.join(",", groups),
                "--output", dir.resolve("results").toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        Path runDir = r.runDir();

        List<String> testLogs = DeviceLines.testLogsInOrder(runDir);
        assertThat(testLogs).hasSizeGreaterThan(30).doesNotHaveDuplicates();
        // a group reports its cases in the order it declares them, not always the order the board printed them
        assertOnePerTestLog(runDir, testLogs);
        // the groups ran one after another on the one board: their logs, in that order, hold the boot's output
        Set<String> order = new LinkedHashSet<>();
        testLogs.forEach(l -> order.add(l.split("/")[2]));
        assertThat(order).containsExactlyInAnyOrderElementsOf(groups);
        List<Integer> inGroupLogs = new ArrayList<>();
        for (String g : order) {
            inGroupLogs.addAll(DeviceLines.numbers(DeviceLines.of(runDir.resolve("logs/board-1/" + g + "/_group.log")), TEXT));
        }
        assertAllInOrder(inGroupLogs, "the groups' logs");
    }

    /** Every line 1..LINES is in exactly one test's log, and each test's lines are in the order the board sent them. */
    private static void assertOnePerTestLog(Path runDir, List<String> testLogs) throws Exception {
        Map<Integer, String> where = new HashMap<>();
        for (String log : testLogs) {
            List<Integer> mine = DeviceLines.numbers(DeviceLines.of(runDir.resolve(log)), TEXT);
            for (int i = 0; i < mine.size(); i++) {
                String before = where.put(mine.get(i), log);
                assertThat(before).as("line " + mine.get(i) + " is in two tests' logs").isNull();
                if (i > 0) assertThat(mine.get(i)).as("line after " + mine.get(i - 1) + " in " + log).isGreaterThan(mine.get(i - 1));
            }
        }
        List<Integer> missing = IntStream.rangeClosed(1, LINES).filter(n -> !where.containsKey(n)).limit(10).boxed().toList();
        assertThat(missing).as("lines in no test's log (the first 10)").isEmpty();
        assertThat(where).hasSize(LINES);
    }

    /** {@code numbers} is exactly 1..LINES; on a difference, says where (without printing 100,000 numbers). */
    private static void assertAllInOrder(List<Integer> numbers, String what) {
        for (int i = 0; i < Math.min(numbers.size(), LINES); i++) {
            if (numbers.get(i) != i + 1) {
                throw new AssertionError(what + ": line " + (i + 1) + " expected at position " + i + ", found "
                        + numbers.subList(Math.max(0, i - 3), Math.min(numbers.size(), i + 4)) + " around it");
            }
        }
        assertThat(numbers.size()).as(what + ": how many numbered lines").isEqualTo(LINES);
    }

}
