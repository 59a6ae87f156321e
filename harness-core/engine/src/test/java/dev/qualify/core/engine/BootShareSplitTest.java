package dev.qualify.core.engine;

import dev.qualify.api.suite.GroupDescriptor;
import dev.qualify.api.suite.Preparation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BootShareSplitTest {

    @Test
    void aOneDevicePoolKeepsEveryBatchWhole() {
        List<GroupDescriptor> groups = List.of(group("P1", "k", 30), group("P2", "k", 30), group("T", "", 5));
        assertThat(ids(Scheduler.batches(groups, 1))).containsExactly(List.of("P1", "P2"), List.of("T"));
    }

    @Test
    void aBatchWithinItsShareOfThePoolStaysWhole() {
        // total 40, two devices: a share of 20; the batch weighs 12
        List<GroupDescriptor> groups = List.of(group("P1", "k", 6), group("P2", "k", 6), group("T", "", 28));
        assertThat(ids(Scheduler.batches(groups, 2))).containsExactly(List.of("P1", "P2"), List.of("T"));
    }

    @Test
    void aBatchHeavierThanItsShareIsCutInOrderIntoBalancedParts() {
        // total 100, four devices: a share of 25; the batch weighs 70: three parts, the heaviest 30 (whole groups)
        List<GroupDescriptor> groups = List.of(group("Core", "pkcs11", 10), group("ImpE", "pkcs11", 15),
                group("ImpR", "pkcs11", 15), group("OnbE", "pkcs11", 15), group("OnbR", "pkcs11", 15),
                group("T", "", 15), group("O", "", 15));
        assertThat(ids(Scheduler.batches(groups, 4))).containsExactly(
                List.of("Core", "ImpE"), List.of("ImpR"), List.of("OnbE", "OnbR"), List.of("T"), List.of("O"));
    }

    @Test
    void aBatchIsNeverCutIntoMorePartsThanThePoolHasDevices() {
        List<GroupDescriptor> groups = IntStream.range(0, 6).mapToObj(i -> group("P" + i, "k", 10)).toList();
        assertThat(ids(Scheduler.batches(groups, 2))).containsExactly(List.of("P0", "P1", "P2"), List.of("P3", "P4", "P5"));
    }

    @Test
    void everyGroupOfAPartSeesThePartAsItsBootGroups() {
        List<GroupDescriptor> groups = List.of(group("A", "k", 10), group("B", "k", 10), group("C", "", 1));
        assertThat(Scheduler.bootGroups(groups, 2)).containsEntry("A", List.of("A")).containsEntry("B", List.of("B"))
                .containsEntry("C", List.of("C"));
        assertThat(Scheduler.bootGroups(groups, 1)).containsEntry("A", List.of("A", "B")).containsEntry("B", List.of("A", "B"));
    }

    @Test
    void theLinearPartitionMinimisesTheHeaviestPart() {
        List<GroupDescriptor> batch = List.of(group("a", "k", 9), group("b", "k", 1), group("c", "k", 1),
                group("d", "k", 1), group("e", "k", 8));
        assertThat(ids(BootShareSplit.partition(batch, 2))).containsExactly(List.of("a", "b"), List.of("c", "d", "e"));
        assertThat(ids(BootShareSplit.partition(batch, 3))).containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"));
    }

    private static List<List<String>> ids(List<List<GroupDescriptor>> batches) {
        List<List<String>> out = new ArrayList<>();
        for (List<GroupDescriptor> b : batches) out.add(b.stream().map(GroupDescriptor::id).toList());
        return out;
    }

    private static GroupDescriptor group(String id, String bootShare, int cases) {
        List<String> names = IntStream.range(0, cases).mapToObj(i -> id + ".Case" + i).toList();
        return new GroupDescriptor(id, id, true, List.of(), names, Object.class, Preparation.AsConfigured.class, bootShare);
    }
}
