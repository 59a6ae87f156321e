package dev.qualify.core.engine;

import dev.qualify.api.device.Device;
import dev.qualify.api.suite.GroupDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

/**
 * Hands groups to the devices of a pool: every device runs in its own thread and takes the next group from a
 * shared queue when it is free, so groups run in parallel across devices and a device never runs two groups at
 * once.
 */
public final class Scheduler {

    /** Runs one group on one device; called on that device's thread. */
    @FunctionalInterface
    public interface GroupExecutor {
        void execute(Device device, GroupDescriptor group);
    }

    private final List<Device> devices;
    private final List<Thread> threads = new ArrayList<>();

    public Scheduler(List<? extends Device> devices) {
        this.devices = List.copyOf(devices);
    }

    /**
     * Runs {@code groups} and returns when all devices are done.
     *
     * @param stop checked before each group is taken; true stops handing out groups
     * @return the groups that were not run (stopped or interrupted), in order
     */
    public List<GroupDescriptor> run(List<GroupDescriptor> groups, GroupExecutor executor, BooleanSupplier stop)
            throws InterruptedException {
        ConcurrentLinkedQueue<GroupDescriptor> queue = new ConcurrentLinkedQueue<>(groups);
        synchronized (threads) {
            for (Device d : devices) {
                Thread t = new Thread(() -> {
                    while (!stop.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
                        GroupDescriptor g = queue.poll();
                        if (g == null) return;
                        executor.execute(d, g);
                    }
                }, "device-" + d.id());
                threads.add(t);
                t.start();
            }
        }
        for (Thread t : threads) t.join();
        return new ArrayList<>(queue);
    }

    /** Interrupts every device thread (on SIGINT); their current group ends as soon as its waits notice. */
    public void interrupt() {
        synchronized (threads) {
            threads.forEach(Thread::interrupt);
        }
    }
}
