package dev.qualify.api.driver;

import org.apiguardian.api.API;

import java.util.List;

/**
 * How a process Qualify started ended by itself (not because Qualify stopped it).
 *
 * @param what       what the process was, e.g. {@code board process} or {@code QEMU}
 * @param pid        its process id
 * @param status     its exit status (128 + N when a signal N ended it, as a shell says)
 * @param stderrTail the last lines it wrote to its standard error, oldest first; may be empty
 * @param tailOf     what {@code stderrTail} is the end of: {@code stderr}, or {@code output} for a driver that keeps
 *                   the process's stdout and stderr together
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public record ProcessExit(String what, long pid, int status, List<String> stderrTail, String tailOf) {
    public ProcessExit {
        stderrTail = List.copyOf(stderrTail);
        if (tailOf == null) tailOf = "stderr";
    }

    /** An exit whose tail is of its stderr. */
    public ProcessExit(String what, long pid, int status, List<String> stderrTail) {
        this(what, pid, status, stderrTail, "stderr");
    }

    /** {@code board process (pid 4711) exited with status 1}. */
    public String summary() {
        return what + " (pid " + pid + ") exited with status " + status;
    }

    /** The summary and the stderr tail, one line each, e.g. for an error message. */
    public String describe() {
        return summary() + (stderrTail.isEmpty() ? "; it wrote nothing to " + tailOf
                : "; last lines of its " + tailOf + ":\n  " + String.join("\n  ", stderrTail));
    }
}
