package dev.qualify.core.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceLocksTest {
    @TempDir
    Path dir;

    @Test
    void aLockedDeviceIsRefusedAtOnceNamingTheDeviceAndItsHolder() throws Exception {
        try (DeviceLocks first = DeviceLocks.acquire(dir, List.of("board-1", "board-2"), LockHolder.self("run-A"), Duration.ZERO, () -> false, m -> { })) {
            assertThat(first.files()).containsExactly(dir.resolve("board-1.lock"), dir.resolve("board-2.lock"));
            String text = Files.readString(dir.resolve("board-1.lock"));
            assertThat(text).contains("pid=" + ProcessHandle.current().pid()).contains("runId=run-A").contains("host=").contains("since=");
            assertThatThrownBy(() -> DeviceLocks.acquire(dir, List.of("board-2", "board-3"), LockHolder.self("run-B"), Duration.ZERO, () -> false, m -> { }))
                    .isInstanceOfSatisfying(DeviceBusyException.class, e -> {
                        assertThat(e.type()).isEqualTo("device-busy");
                        assertThat(e.deviceId()).isEqualTo("board-2");
                        assertThat(e.getMessage()).contains("device board-2 is in use by another run")
                                .contains("pid " + ProcessHandle.current().pid()).contains("run run-A").contains("since ")
                                .contains("--device-wait");
                    });
        }
        // given back, also the one the refused run had taken: all of them are free now
        try (DeviceLocks again = DeviceLocks.acquire(dir, List.of("board-1", "board-2", "board-3"), LockHolder.self("run-C"), Duration.ZERO, () -> false, m -> { })) {
            assertThat(again.files()).hasSize(3);
        }
    }

    @Test
    void aSecondRunWaitsUpToDeviceWaitAndGetsTheDeviceWhenItIsFreed() throws Exception {
        DeviceLocks first = DeviceLocks.acquire(dir, List.of("board-1"), LockHolder.self("run-A"), Duration.ZERO, () -> false, m -> { });
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(600);
            } catch (InterruptedException ignored) {
                // release now
            }
            first.close();
        });
        t.start();
        List<String> notices = new ArrayList<>();
        long start = System.nanoTime();
        try (DeviceLocks second = DeviceLocks.acquire(dir, List.of("board-1"), LockHolder.self("run-B"), Duration.ofSeconds(20), () -> false, notices::add)) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(400)).isLessThan(Duration.ofSeconds(10));
            assertThat(Files.readString(second.files().get(0))).contains("runId=run-B");
        }
        assertThat(notices).singleElement().asString().contains("device board-1 is in use by another run").contains("run run-A")
                .contains("waiting up to 20s (--device-wait)");
        t.join();
    }

    @Test
    void aWaitThatEndsSaysHowLongItWaited() throws Exception {
        try (DeviceLocks first = DeviceLocks.acquire(dir, List.of("board-1"), LockHolder.self("run-A"), Duration.ZERO, () -> false, m -> { })) {
            assertThatThrownBy(() -> DeviceLocks.acquire(dir, List.of("board-1"), LockHolder.self("run-B"), Duration.ofMillis(500), () -> false, m -> { }))
                    .isInstanceOf(DeviceBusyException.class)
                    .hasMessageContaining("still in use by another run after waiting 500ms (--device-wait)").hasMessageContaining("run run-A");
        }
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndItsEndFreesTheDevice() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldLock.class.getName(), dir.toString(), "board-1")
                .redirectErrorStream(true).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(r.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> DeviceLocks.acquire(dir, List.of("board-1"), LockHolder.self("run-B"), Duration.ZERO, () -> false, m -> { }))
                    .isInstanceOfSatisfying(DeviceBusyException.class, e -> {
                        assertThat(e.holder()).isNotNull();
                        assertThat(e.holder().pid()).isEqualTo(holder.pid());
                        assertThat(e.holder().runId()).isEqualTo("run-other");
                        assertThat(e.getMessage()).contains("pid " + holder.pid()).contains("run run-other");
                    });
        } finally {
            holder.destroyForcibly(); // kill -9: the OS gives the lock back
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        try (DeviceLocks mine = DeviceLocks.acquire(dir, List.of("board-1"), LockHolder.self("run-B"), Duration.ofSeconds(5), () -> false, m -> { })) {
            assertThat(Files.readString(mine.files().get(0))).contains("runId=run-B").doesNotContain("run-other");
        }
    }

    @Test
    void theLockDirectoryComesFromTheEnvironmentElseTheUsersStateDir() {
        assertThat(DeviceLocks.defaultDir(Map.of("QUALIFY_LOCK_DIR", "/lab/locks", "XDG_STATE_HOME", "/s"))).isEqualTo(Path.of("/lab/locks"));
        assertThat(DeviceLocks.defaultDir(Map.of("XDG_STATE_HOME", "/s"))).isEqualTo(Path.of("/s/qualify/locks"));
        assertThat(DeviceLocks.defaultDir(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".local/state/qualify/locks"));
        assertThat(DeviceLocks.lockFile(Path.of("/l"), "lab/board 1")).isEqualTo(Path.of("/l/lab_board_1.lock"));
    }

    /** Holds a device lock until killed. */
    public static final class HoldLock {
        public static void main(String[] args) throws Exception {
            DeviceLocks.acquire(Path.of(args[0]), List.of(args[1]), LockHolder.self("run-other"), Duration.ZERO, () -> false, m -> { });
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
