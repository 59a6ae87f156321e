package dev.qualify.core.engine;

import dev.qualify.api.device.Device;
import dev.qualify.api.suite.GroupDescriptor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * Hands groups to the devices of a pool: every device runs in its own thread and takes the next batch of groups
 * from a shared queue when it is free, so groups run in parallel across devices and a device never runs two
 * groups at once. A batch is one group, or the groups with the same {@link GroupDescriptor#bootShare()} key, in
 * the order given: they run one after another on the same device, so they can share its boot. A batch that would
 * hold back the rest of the pool is cut into parts, each with a boot of its own ({@link BootShareSplit}).
 */
public final class Scheduler {

    /** Runs one group on one device; called on that device's thread. */
    @FunctionalInterface
    public interface GroupExecutor {
        /**
         * @param next the group that runs next on this device in the same batch (sharing its boot), or null
         */
        void execute(Device device, GroupDescriptor group, GroupDescriptor next);
    }

    private final List<? extends Device> devices;
    private final List<Thread> threads = new ArrayList<>();

    public Scheduler(List<? extends Device> devices) {
        this.devices = List.copyOf(devices);
    }

    /** The batches {@code groups} are handed out in: boot-sharing groups together, at the first one's place. */
    static List<List<GroupDescriptor>> batches(List<GroupDescriptor> groups) {
        Map<String, List<GroupDescriptor>> byKey = new LinkedHashMap<>();
        List<List<GroupDescriptor>> out = new ArrayList<>();
        for (GroupDescriptor g : groups) {
            if (g.bootShare().isEmpty()) {
                out.add(new ArrayList<>(List.of(g)));
                continue;
            }
            List<GroupDescriptor> batch = byKey.get(g.bootShare());
            if (batch == null) {
                batch = new ArrayList<>();
                byKey.put(g.bootShare(), batch);
                out.add(batch);
            }
            batch.add(g);
        }
        return out;
    }

    /** The batches {@code groups} are handed out in on a pool of {@code devices}: {@link #batches(List)}, split. */
    static List<List<GroupDescriptor>> batches(List<GroupDescriptor> groups, int devices) {
        return BootShareSplit.split(batches(groups), devices);
    }

    /**
     * For each group, the ids of the groups that share its boot on a pool of {@code devices} (its batch, in
     * order; just itself when it shares none).
     */
    public static Map<String, List<String>> bootGroups(List<GroupDescriptor> groups, int devices) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (List<GroupDescriptor> batch : batches(groups, devices)) {
            List<String> ids = batch.stream().map(GroupDescriptor::id).toList();
            for (String id : ids) out.put(id, ids);
        }
        return out;
    }

    /**
     * Runs {@code groups} and returns when all devices are done.
     *
     * @param stop checked before each group is taken; true stops handing out groups
     * @return the groups that were not run (stopped or interrupted), in order
     */
    public List<GroupDescriptor> run(List<GroupDescriptor> groups, GroupExecutor executor, BooleanSupplier stop)
            throws InterruptedException {
        ConcurrentLinkedQueue<List<GroupDescriptor>> queue = new ConcurrentLinkedQueue<>(batches(groups, devices.size()));
        List<GroupDescriptor> cutShort = java.util.Collections.synchronizedList(new ArrayList<>());
        synchronized (threads) {
            for (Device d : devices) {
                Thread t = new Thread(() -> {
                    while (!stopped(stop)) {
                        List<GroupDescriptor> batch = queue.poll();
                        if (batch == null) return;
                        for (int i = 0; i < batch.size(); i++) {
                            if (stopped(stop)) {
                                cutShort.addAll(batch.subList(i, batch.size()));
                                return;
                            }
                            executor.execute(d, batch.get(i), i + 1 < batch.size() ? batch.get(i + 1) : null);
                        }
                    }
                }, "device-" + d.id());
                threads.add(t);
                t.start();
            }
        }
        for (Thread t : threads) t.join();
        List<GroupDescriptor> notRun = new ArrayList<>(cutShort);
        queue.forEach(notRun::addAll);
        return notRun;
    }

    private static boolean stopped(BooleanSupplier stop) {
        return stop.getAsBoolean() || Thread.currentThread().isInterrupted();
    }

    /** Interrupts every device thread (on SIGINT); their current group ends as soon as its waits notice. */
    public void interrupt() {
        synchronized (threads) {
            threads.forEach(Thread::interrupt);
        }
    }
}
