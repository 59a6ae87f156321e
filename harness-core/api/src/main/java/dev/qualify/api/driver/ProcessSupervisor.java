package dev.qualify.api.driver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The watchdog that ends the children of this JVM when the JVM ends, however it ends (kill -9 included). Java has
 * no {@code prctl(PR_SET_PDEATHSIG)} and a process group does not die with its leader, so the first registered
 * child starts a small {@code /bin/sh} process with a pipe on its stdin; every registered process's pid is written
 * into the pipe ({@code +pid}), and removed ({@code -pid}) when the process has exited. When the JVM ends, the
 * kernel closes the pipe, the watchdog's {@code read} sees the end of input and it kills every pid still
 * registered with all its descendants (found through {@code /proc/<pid>/stat}, or {@code ps} where there is no
 * {@code /proc}): SIGTERM, up to 2 s of grace (a zombie counts as gone), then SIGKILL, and exits. It ignores SIGINT, SIGHUP, SIGQUIT and
 * SIGTERM, so a Ctrl-C to the terminal's process group leaves it to clean up after the JVM.
 *
 * <p>The script is a constant and reads only lines of digits it checks itself; no command is ever built from
 * input. The JVM starts its children with every descriptor above 2 closed, so no child holds the pipe open.
 * Where {@code /bin/sh} cannot be started (Windows), or with {@code -Dqualify.supervisor=off}, nothing is watched.
 * One per JVM, shared by every {@link ProcessRegistry}.
 */
final class ProcessSupervisor {
    static final String SCRIPT = """
            trap '' INT HUP QUIT TERM PIPE
            pids=
            while IFS= read -r line; do
              n=${line#?}
              case $n in ''|*[!0-9]*) continue ;; esac
              case $line in
                +*) pids="$pids $n" ;;
                -*) keep=; for p in $pids; do [ "$p" = "$n" ] || keep="$keep $p"; done; pids=$keep ;;
              esac
            done
            [ -n "$pids" ] || exit 0
            table() {
              if [ -r /proc/self/stat ]; then
                for f in /proc/[0-9]*/stat; do
                  { IFS= read -r s < "$f"; } 2>/dev/null || continue
                  set -- ${s##*) }
                  echo "${s%% *} $2"
                done
              else
                ps -e -o pid= -o ppid=
              fi
            }
            tree() {
              table | awk -v roots="$*" -v self="$$" 'BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) if (r[i] > 1 && r[i] != self) t[r[i]] = 1 }
                { pp[NR] = $2; id[NR] = $1 }
                END { do { c = 0; for (i = 1; i <= NR; i++) if (!(id[i] in t) && (pp[i] in t) && id[i] != self) { t[id[i]] = 1; c = 1 } } while (c); for (p in t) print p }'
            }
            alive() {
              if [ -r "/proc/$1/stat" ]; then
                { IFS= read -r s < "/proc/$1/stat"; } 2>/dev/null || return 1
                set -- ${s##*) }
                [ "$1" != Z ]
              else
                kill -0 "$1" 2>/dev/null
              fi
            }
            all=$(tree $pids)
            [ -n "$all" ] || exit 0
            kill -TERM $all 2>/dev/null
            i=0
            while [ $i -lt 20 ]; do
              left=
              for p in $all; do alive "$p" && left="$left $p"; done
              [ -n "$left" ] || exit 0
              sleep 0.1 2>/dev/null || sleep 1
              i=$((i + 1))
            done
            all=$(tree $left)
            [ -n "$all" ] && kill -KILL $all 2>/dev/null
            exit 0
            """;

    private static final ProcessSupervisor INSTANCE = new ProcessSupervisor();

    private final Set<Long> watched = new LinkedHashSet<>();
    private final boolean enabled = !"off".equalsIgnoreCase(System.getProperty("qualify.supervisor", ""));
    private Process watchdog;
    private OutputStream pipe;
    private boolean unavailable;

    private ProcessSupervisor() {
    }

    static ProcessSupervisor get() {
        return INSTANCE;
    }

    /**
     * Starts the watchdog now if it is not running, so that a process started next is watched from the moment
     * {@link #watch} is called rather than from the moment a watchdog has been forked: with a lazy start, a JVM
     * killed while its first child was being registered left that child running.
     */
    synchronized void ready() {
        if (enabled) deliver(null);
    }

    /** Watches {@code p} until it exits. */
    void watch(Process p) {
        long pid;
        try {
            pid = p.pid();
        } catch (UnsupportedOperationException e) {
            return;
        }
        synchronized (this) {
            if (!enabled || unavailable || !watched.add(pid)) return;
            send('+', pid);
        }
        p.onExit().thenRun(() -> forget(pid));
    }

    /** Stops watching {@code p} if it has exited (a live process stays watched until it exits). */
    void release(Process p) {
        if (!p.isAlive()) {
            try {
                forget(p.pid());
            } catch (UnsupportedOperationException ignored) {
                // never watched
            }
        }
    }

    private synchronized void forget(long pid) {
        if (watched.remove(pid)) send('-', pid);
    }

    /** The watchdog's pid, or -1 when none runs (for tests). */
    synchronized long pid() {
        return watchdog != null && watchdog.isAlive() ? watchdog.pid() : -1;
    }

    private void send(char op, long pid) {
        deliver(String.valueOf(op) + pid + '\n');
    }

    /**
     * Writes {@code line} (none when null) to a running watchdog; a watchdog started here is told every watched pid
     * instead, the one {@code line} names included. Two attempts, a new watchdog for the second.
     */
    private void deliver(String line) {
        for (int attempt = 0; attempt < 2 && !unavailable; attempt++) {
            try {
                if (watchdog == null || !watchdog.isAlive()) {
                    restart();
                } else if (line != null) {
                    write(line);
                }
                return;
            } catch (IOException e) {
                stop();
            }
        }
    }

    /** Starts a new watchdog and tells it every watched pid. */
    private void restart() throws IOException {
        start();
        StringBuilder all = new StringBuilder();
        for (long w : watched) all.append('+').append(w).append('\n');
        write(all.toString());
    }

    private void start() throws IOException {
        try {
            watchdog = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "qualify-supervisor")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | UnsupportedOperationException e) {
            unavailable = true;
            throw new IOException("no /bin/sh: children are not watched", e);
        }
        pipe = watchdog.getOutputStream();
    }

    private void write(String lines) throws IOException {
        if (lines.isEmpty()) return;
        pipe.write(lines.getBytes(StandardCharsets.US_ASCII));
        pipe.flush();
    }

    private void stop() {
        if (watchdog != null) {
            watchdog.destroyForcibly();
            watchdog = null;
            pipe = null;
        }
    }
}
