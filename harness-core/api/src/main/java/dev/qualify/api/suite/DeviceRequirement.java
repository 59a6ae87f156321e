package dev.qualify.api.suite;

import org.apiguardian.api.API;

/**
 * The state a group needs its device in before the first test: nothing ({@link #none()}), booted as configured
 * ({@link #booted()}), or running a firmware image built for the group ({@link FirmwareImage}).
 */
@API(status = API.Status.STABLE, since = "0.1")
public sealed interface DeviceRequirement permits DeviceRequirement.None, DeviceRequirement.Booted, FirmwareImage {

    /** The device is not touched: no power, no console. */
    static DeviceRequirement none() {
        return new None();
    }

    /** Powered on (or cycled) with its console attached and the boot section's ready line and handshake done. */
    static DeviceRequirement booted() {
        return new Booted();
    }

    /** See {@link DeviceRequirement#none()}. */
    record None() implements DeviceRequirement {
    }

    /** See {@link DeviceRequirement#booted()}. */
    record Booted() implements DeviceRequirement {
    }
}
