package dev.qualify.api.driver;

import org.apiguardian.api.API;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link dev.qualify.api.device.PowerControl} whose board is a process the driver started on power on (a
 * simulator, an emulator). The engine uses it to see at once when the board dies by itself: during boot the
 * wait ends with the process's exit status and stderr instead of a timeout, and drivers note the exit in the device's
 * transcript, so a board that dies during the tests leaves a line saying so.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public interface BoardProcess {

    /**
     * The end of the process the latest {@code on()} started: completes (from another thread, at once, without
     * polling) when that process exits, unless {@code off()} ended it (a process killed at the run's end through
     * {@link ProcessRegistry#killAll} completes it too). Before any {@code on()} the future never completes.
     */
    CompletableFuture<ProcessExit> exited();
}
