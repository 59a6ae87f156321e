package dev.qualify.core.engine;

import dev.qualify.core.config.BootSpec;
import dev.qualify.core.config.DeviceSpec;
import dev.qualify.core.config.PoolSpec;
import dev.qualify.api.device.Device;
import dev.qualify.core.device.ConfiguredDevice;
import dev.qualify.core.process.JsonPathPlaceholders;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.core.device.DriverRegistry;
import dev.qualify.api.driver.ProcessRegistry;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.suite.GroupDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulerTest {

    private static List<Device> devices(int n) {
        List<DeviceSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) specs.add(new DeviceSpec("d" + i, Map.of(), new BootSpec(null, null, null, null, null, null, null), Map.of(), ""));
        PoolSpec pool = new PoolSpec("p", null, Map.of(), specs);
        List<Device> out = new ArrayList<>();
        for (DeviceSpec s : specs) {
            out.add(new ConfiguredDevice(s, pool, new DriverRegistry(List.of()), new DriverContext(s.id(), Map.of(), Map.of(),
                    JsonPathPlaceholders.SYNTAX, Path.of("."), 1.0, new ProcessRegistry(), Transcript.NONE)));
        }
        return out;
    }

    private static List<GroupDescriptor> groups(int n) {
        List<GroupDescriptor> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new GroupDescriptor("G" + i, "g", true, List.of(), List.of(), Object.class,
                dev.qualify.api.suite.Preparation.AsConfigured.class));
        return out;
    }

    @Test
    void groupsAreSpreadAcrossDevicesAndRunInParallel() throws Exception {
        List<Device> devices = devices(2);
        CountDownLatch bothRunning = new CountDownLatch(2);
        Map<String, List<String>> byDevice = new ConcurrentHashMap<>();
        AtomicBoolean overlapped = new AtomicBoolean();
        List<GroupDescriptor> notRun = new Scheduler(devices).run(groups(4), (d, g, next) -> {
            byDevice.computeIfAbsent(d.id(), k -> Collections.synchronizedList(new ArrayList<>())).add(g.id());
            bothRunning.countDown();
            try {
                // the first two groups wait for each other: only possible if two devices run at once
                if (bothRunning.await(10, TimeUnit.SECONDS)) overlapped.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, () -> false);
        assertThat(notRun).isEmpty();
        assertThat(overlapped).isTrue();
        assertThat(byDevice.keySet()).containsExactlyInAnyOrder("d0", "d1");
        assertThat(byDevice.values().stream().mapToInt(List::size).sum()).isEqualTo(4);
    }

    @Test
    void aDeviceIsNeverUsedByTwoGroupsAtOnce() throws Exception {
        List<Device> devices = devices(3);
        Set<String> busy = ConcurrentHashMap.newKeySet();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        new Scheduler(devices).run(groups(30), (d, g, next) -> {
            if (!busy.add(d.id())) violations.incrementAndGet();
            Thread.onSpinWait();
            ran.incrementAndGet();
            busy.remove(d.id());
        }, () -> false);
        assertThat(violations).hasValue(0);
        assertThat(ran).hasValue(30);
    }

    @Test
    void stopLeavesTheRemainingGroupsUnrun() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<GroupDescriptor> notRun = new Scheduler(devices(1)).run(groups(5), (d, g, next) -> {
            if (g.id().equals("G1")) stop.set(true);
        }, stop::get);
        assertThat(notRun).extracting(GroupDescriptor::id).containsExactly("G2", "G3", "G4");
    }

    @Test
    void groupsSharingABootRunOnOneDeviceOneAfterAnotherEachToldWhatComesNext() throws Exception {
        List<GroupDescriptor> groups = new ArrayList<>();
        groups.add(shared("P1", "pkcs11"));
        // heavy enough that the batch is within its share of the pool, so it is not cut (BootShareSplitTest)
        groups.add(new GroupDescriptor("T", "T", true, List.of(), java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> "T.Case" + i).toList(), Object.class, dev.qualify.api.suite.Preparation.AsConfigured.class, ""));
        groups.add(shared("P2", "pkcs11"));
        groups.add(shared("P3", "pkcs11"));
        Map<String, String> deviceOf = new ConcurrentHashMap<>();
        Map<String, String> nextOf = new ConcurrentHashMap<>();
        List<GroupDescriptor> notRun = new Scheduler(devices(3)).run(groups, (d, g, next) -> {
            deviceOf.put(g.id(), d.id());
            nextOf.put(g.id(), next == null ? "-" : next.id());
        }, () -> false);
        assertThat(notRun).isEmpty();
        assertThat(deviceOf.get("P2")).isEqualTo(deviceOf.get("P1"));
        assertThat(deviceOf.get("P3")).isEqualTo(deviceOf.get("P1"));
        assertThat(nextOf).containsEntry("P1", "P2").containsEntry("P2", "P3").containsEntry("P3", "-").containsEntry("T", "-");
        assertThat(Scheduler.batches(groups, 3)).extracting(b -> b.stream().map(GroupDescriptor::id).toList())
                .containsExactly(List.of("P1", "P2", "P3"), List.of("T"));
    }

    @Test
    void aStopInsideABatchLeavesItsRemainingGroupsUnrun() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<GroupDescriptor> notRun = new Scheduler(devices(1)).run(List.of(shared("A", "k"), shared("B", "k"), shared("C", "k")),
                (d, g, next) -> stop.set(true), stop::get);
        assertThat(notRun).extracting(GroupDescriptor::id).containsExactly("B", "C");
    }

    private static GroupDescriptor shared(String id, String key) {
        return new GroupDescriptor(id, id, true, List.of(), List.of(), Object.class,
                dev.qualify.api.suite.Preparation.AsConfigured.class, key);
    }
}
