package dev.qualify.bench.cloud;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and context switches of any process (a JVM or mosquitto), summed over its threads, from Linux's
 * {@code /proc/PID/stat}, {@code /proc/PID/task/TID/status} and {@code /proc/PID/io} (read and write system calls,
 * each socket read or write one). Two readings around a measurement give the broker's
 * cost per delivered message, which the machine's load does not skew the way throughput is skewed.
 */
record ProcStat(long cpuTicks, long voluntarySwitches, long involuntarySwitches, long readCalls, long writeCalls) {
    /** Clock ticks per second of {@code /proc} CPU times (USER_HZ, 100 on Linux). */
    static final double TICKS_PER_SECOND = 100.0;

    static ProcStat read(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        long voluntary = 0;
        long involuntary = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    for (String line : Files.readAllLines(t.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) voluntary += Long.parseLong(line.substring(24).trim());
                        else if (line.startsWith("nonvoluntary_ctxt_switches:")) involuntary += Long.parseLong(line.substring(27).trim());
                    }
                } catch (IOException threadEnded) {
                    // a thread that ended between listing and reading adds nothing
                }
            }
        }
        long reads = 0;
        long writes = 0;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "io"))) {
            if (line.startsWith("syscr:")) reads = Long.parseLong(line.substring(6).trim());
            else if (line.startsWith("syscw:")) writes = Long.parseLong(line.substring(6).trim());
        }
        return new ProcStat(ticks, voluntary, involuntary, reads, writes);
    }

    /** CPU microseconds, context switches and read/write system calls per message between two readings. */
    static String perMessage(ProcStat from, ProcStat to, long messages) {
        if (messages <= 0) return "broker_cpu_us_per_msg=NaN";
        double cpuMicros = (to.cpuTicks - from.cpuTicks) / TICKS_PER_SECOND * 1e6;
        long switches = (to.voluntarySwitches - from.voluntarySwitches) + (to.involuntarySwitches - from.involuntarySwitches);
        return String.format("broker_cpu_us_per_msg=%.1f broker_csw_per_msg=%.2f broker_reads_per_msg=%.2f broker_writes_per_msg=%.2f",
                cpuMicros / messages, (double) switches / messages, (double) (to.readCalls - from.readCalls) / messages,
                (double) (to.writeCalls - from.writeCalls) / messages);
    }
}
