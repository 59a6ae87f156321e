package dev.qualify.core.engine;

import dev.qualify.api.device.Device;
import dev.qualify.api.suite.GroupDescriptor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Hands groups to the devices of a pool: every device runs in its own thread and takes the next batch of groups
 * from a shared queue when it is free, so groups run in parallel across devices and a device never runs two
 * groups at once. A batch is one group, or the groups with the same {@link GroupDescriptor#bootShare()} key, in
 * the order given: they run one after another on the same device, so they can share its boot. A batch that would
 * hold back the rest of the pool is cut into parts, each with a boot of its own ({@link BootShareSplit}).
 *
 * <p>With a {@link RetryPolicy}, the groups of a batch whose run had an ERROR are queued again, in their order (so
 * groups that share a boot share it again), at the front of the queue, as their next attempt. Another device of
 * the pool that has not run them yet takes them when it is free; the device that ran them takes them again only when
 * every other device in service ran them too. A {@link DeviceQuarantine} takes a device out: it takes no more
 * groups, and what it leaves goes to the others; when none is left, the groups still queued are returned as
 * {@link Result#noDevice() not placed}.
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

    /** Runs one attempt of one group on one device; called on that device's thread. */
    @FunctionalInterface
    public interface AttemptExecutor {
        /**
         * @param next    the group that runs next on this device in the same batch (sharing its boot), or null
         * @param attempt 1 for a group's first run, then 2, 3, ...
         * @return what the run gave
         */
        GroupAttempt execute(Device device, GroupDescriptor group, GroupDescriptor next, int attempt);
    }

    /** Told of the scheduler's decisions; called on device threads. */
    public interface Events {
        /** {@code groups} ran on {@code device} with errors and are queued for their attempt {@code attempt}. */
        void retrying(List<GroupDescriptor> groups, Device device, int attempt);

        /** The device was taken out of the pool. */
        void quarantined(Device device, String reason);

        Events NONE = new Events() {
            @Override public void retrying(List<GroupDescriptor> groups, Device device, int attempt) { }
            @Override public void quarantined(Device device, String reason) { }
        };
    }

    /**
     * A group that did not get its next run.
     *
     * @param group   the group
     * @param attempt the run it did not get (1: it never ran)
     */
    public record Unplaced(GroupDescriptor group, int attempt) {
    }

    /**
     * How a run of the scheduler ended.
     *
     * @param notRun   groups not run because the run was stopped or interrupted, in order
     * @param noDevice groups (or their reruns) left when every device had been taken out of the pool
     */
    public record Result(List<GroupDescriptor> notRun, List<Unplaced> noDevice) {
        public Result {
            notRun = List.copyOf(notRun);
            noDevice = List.copyOf(noDevice);
        }
    }

    /** A batch waiting for a device: its attempt and the devices it ran on. */
    private record Work(List<GroupDescriptor> batch, int attempt, Set<String> ranOn) {
    }

    private final List<? extends Device> devices;
    private final List<Thread> threads = new ArrayList<>();
    private final Object lock = new Object();

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
     * Runs {@code groups} once each and returns when all devices are done.
     *
     * @param stop checked before each group is taken; true stops handing out groups
     * @return the groups that were not run (stopped or interrupted), in order
     */
    public List<GroupDescriptor> run(List<GroupDescriptor> groups, GroupExecutor executor, BooleanSupplier stop)
            throws InterruptedException {
        return run(groups, (d, g, next, attempt) -> {
            executor.execute(d, g, next);
            return GroupAttempt.CLEAN;
        }, stop, RetryPolicy.NONE, DeviceQuarantine.never(), Events.NONE).notRun();
    }

    /**
     * Runs {@code groups}, again after errors as {@code retries} allows, and returns when all devices are done.
     *
     * @param stop checked before each group is taken; true stops handing out groups
     */
    public Result run(List<GroupDescriptor> groups, AttemptExecutor executor, BooleanSupplier stop, RetryPolicy retries,
                      DeviceQuarantine quarantine, Events events) throws InterruptedException {
        LinkedList<Work> queue = new LinkedList<>();
        for (List<GroupDescriptor> b : batches(groups, devices.size())) queue.add(new Work(b, 1, Set.of()));
        int[] inFlight = {0};
        List<GroupDescriptor> cutShort = java.util.Collections.synchronizedList(new ArrayList<>());
        synchronized (threads) {
            for (Device d : devices) {
                Thread t = new Thread(() -> {
                    Work w;
                    while ((w = take(d, queue, inFlight, stop, quarantine)) != null) {
                        List<GroupDescriptor> errored = new ArrayList<>();
                        GroupAttempt all = runBatch(d, w, executor, stop, errored, cutShort);
                        finish(d, w, all, errored, queue, inFlight, retries, quarantine, events);
                    }
                }, "device-" + d.id());
                threads.add(t);
                t.start();
            }
        }
        for (Thread t : threads) t.join();
        List<GroupDescriptor> notRun = new ArrayList<>(cutShort);
        List<Unplaced> noDevice = new ArrayList<>();
        boolean stopped = stop.getAsBoolean() || Thread.currentThread().isInterrupted();
        for (Work w : queue) {
            if (stopped && w.attempt() == 1) notRun.addAll(w.batch());
            else if (!stopped) w.batch().forEach(g -> noDevice.add(new Unplaced(g, w.attempt())));
        }
        return new Result(notRun, noDevice);
    }

    /** Runs a batch's groups in order; the groups that had errors go to {@code errored}. */
    private static GroupAttempt runBatch(Device d, Work w, AttemptExecutor executor, BooleanSupplier stop,
                                         List<GroupDescriptor> errored, List<GroupDescriptor> cutShort) {
        int errors = 0;
        Set<String> types = new HashSet<>();
        List<GroupDescriptor> batch = w.batch();
        for (int i = 0; i < batch.size(); i++) {
            if (stopped(stop)) {
                if (w.attempt() == 1) cutShort.addAll(batch.subList(i, batch.size()));
                break;
            }
            GroupAttempt a = executor.execute(d, batch.get(i), i + 1 < batch.size() ? batch.get(i + 1) : null, w.attempt());
            if (a.errored()) errored.add(batch.get(i));
            errors += a.errors();
            types.addAll(a.errorTypes());
        }
        return new GroupAttempt(errors, types);
    }

    /** The next batch for {@code d}, waiting while others may still queue reruns; null when {@code d} is done. */
    private Work take(Device d, LinkedList<Work> queue, int[] inFlight, BooleanSupplier stop, DeviceQuarantine quarantine) {
        synchronized (lock) {
            while (true) {
                if (stopped(stop) || !quarantine.inService(d.id())) return null;
                Work w = pick(d, queue, quarantine);
                if (w != null) {
                    queue.remove(w);
                    inFlight[0]++;
                    return w;
                }
                if (queue.isEmpty() && inFlight[0] == 0) {
                    lock.notifyAll();
                    return null;
                }
                try {
                    lock.wait(200); // also notices a stop that nobody signals
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    private Work pick(Device d, List<Work> queue, DeviceQuarantine quarantine) {
        for (Work w : queue) {
            if (!w.ranOn().contains(d.id())) return w;
        }
        for (Work w : queue) {
            boolean otherCan = devices.stream().anyMatch(o -> !o.id().equals(d.id()) && quarantine.inService(o.id())
                    && !w.ranOn().contains(o.id()));
            if (!otherCan) return w;
        }
        return null;
    }

    private void finish(Device d, Work w, GroupAttempt result, List<GroupDescriptor> errored, LinkedList<Work> queue,
                        int[] inFlight, RetryPolicy retries, DeviceQuarantine quarantine, Events events) {
        String what = String.join(", ", w.batch().stream().map(GroupDescriptor::id).toList()) + " attempt " + w.attempt();
        java.util.Optional<String> out = quarantine.record(d.id(), what, result);
        boolean again = !errored.isEmpty() && retries.runAgain(w.attempt(), result);
        // told before the rerun is queued, so its note is journaled before the rerun starts
        if (again) events.retrying(List.copyOf(errored), d, w.attempt() + 1);
        out.ifPresent(reason -> events.quarantined(d, reason));
        synchronized (lock) {
            if (again) {
                Set<String> ranOn = new HashSet<>(w.ranOn());
                ranOn.add(d.id());
                queue.addFirst(new Work(List.copyOf(errored), w.attempt() + 1, Set.copyOf(ranOn)));
            }
            inFlight[0]--;
            lock.notifyAll();
        }
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
