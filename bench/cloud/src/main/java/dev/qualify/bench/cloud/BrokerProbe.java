package dev.qualify.bench.cloud;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;

/**
 * The broker JVM seen through JMX: attached by process id (the attach API starts its local management agent), then
 * asked to collect garbage before each heap reading.
 */
final class BrokerProbe {
    /** One reading: heap used right after a full GC, process CPU time, live threads, JVM uptime. */
    record Sample(double heapMiB, double cpuSeconds, int threads, double uptimeSeconds) {
    }

    private final MemoryMXBean memory;
    private final ThreadMXBean threads;
    private final RuntimeMXBean runtime;
    private final MBeanServerConnection server;

    private BrokerProbe(MBeanServerConnection server) throws Exception {
        this.server = server;
        this.memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        this.threads = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        this.runtime = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.RUNTIME_MXBEAN_NAME, RuntimeMXBean.class);
    }

    static BrokerProbe attach(String pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(pid);
        String url;
        try {
            url = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        return new BrokerProbe(JMXConnectorFactory.connect(new JMXServiceURL(url)).getMBeanServerConnection());
    }

    Sample sample() throws Exception {
        memory.gc();
        double heap = memory.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
        long cpuNanos = (Long) server.getAttribute(new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime");
        return new Sample(heap, cpuNanos / 1e9, threads.getThreadCount(), runtime.getUptime() / 1000.0);
    }

    /** The broker's CPU use between two samples, in percent of one core. */
    static double cpuPercent(Sample from, Sample to) {
        double wall = to.uptimeSeconds() - from.uptimeSeconds();
        return wall <= 0 ? 0 : 100 * (to.cpuSeconds() - from.cpuSeconds()) / wall;
    }
}
