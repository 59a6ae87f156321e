package dev.qualify.api.device;

/** Where a device is on its way to running tests. */
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
