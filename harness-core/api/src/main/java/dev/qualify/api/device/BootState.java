package dev.qualify.api.device;

import org.apiguardian.api.API;

/** Where a device is on its way to running tests. */
@API(status = API.Status.STABLE, since = "0.1")
public enum BootState {
    /** Unknown or powered off. */
    OFF,
    /** The image is written. */
    FLASHED,
    /** Powered and its console is attached. */
    BOOTED,
    /** It said it is ready (banner seen, handshake done): tests may talk to it. */
    READY
}
