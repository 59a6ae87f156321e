package dev.qualify.api.suite;

import org.apiguardian.api.API;

/**
 * Says what a group needs the device to run before its first test. Named by
 * {@link QualificationGroup#preparation()}; the engine calls it once per (device, group), then brings the device
 * to that state itself: build (once per distinct image), flash, power, handshake. A group never builds or
 * flashes.
 *
 * <p>Implementations have a public no-argument constructor. They may start what the image needs to know about
 * (a server whose port goes into the image) and {@link GroupContext#keep keep} it for the group's tests.
 */
@API(status = API.Status.STABLE, since = "0.1")
@FunctionalInterface
public interface Preparation {

    /**
     * @throws Exception when the requirement cannot be worked out; reported as an ERROR of type
     *                   {@code prepare-failed} for every test of the group
     */
    DeviceRequirement requirement(GroupContext group) throws Exception;

    /** The default: the device booted as its config leaves it, with nothing built or flashed. */
    final class AsConfigured implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            return DeviceRequirement.booted();
        }
    }

    /** For groups that only check things on the host (a version, a manifest): the device is not touched. */
    final class HostOnly implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            return DeviceRequirement.none();
        }
    }
}
