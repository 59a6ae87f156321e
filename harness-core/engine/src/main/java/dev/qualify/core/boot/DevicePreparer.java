package dev.qualify.core.boot;

import dev.qualify.api.device.BootState;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.report.PhaseSpan;
import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.FirmwareImage;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.core.device.ConfiguredDevice;
import dev.qualify.core.engine.GroupRun;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brings a device to what a group needs before its tests run: asks the group's {@link Preparation} for its
 * {@link DeviceRequirement}, then builds (through the run's {@link ImageCache}), flashes and boots the device with
 * its {@link FirmwareBoot}. A device that already runs the image a group needs is rebooted, not flashed again.
 * After each group the device is powered down ({@link #release}), so the next group starts from a known state,
 * unless the next group shares its boot ({@link #keepUp}).
 */
public final class DevicePreparer {
    private final ImageCache images;
    private final Map<String, String> flashed = new ConcurrentHashMap<>();
    private final java.util.Set<String> touched = ConcurrentHashMap.newKeySet();
    /** Devices left running after a group for the next group of the same boot: device id to image hash. */
    private final Map<String, String> up = new ConcurrentHashMap<>();
    private final Map<String, BootScope> scopes = new ConcurrentHashMap<>();
    /** What each device's current boot runs: device id to image hash ({@code as-configured} without an image). */
    private final Map<String, String> running = new ConcurrentHashMap<>();

    public DevicePreparer(ImageCache images) {
        this.images = images;
    }

    /**
     * @return what was prepared, for the group's log
     * @throws InfrastructureException of the failed step's type: {@code prepare-failed} (the group's preparation
     *                                 threw), {@code build-failed}, {@code flash-failed}, {@code power-failed},
     *                                 {@code boot-timeout}, {@code handshake-unanswered}, {@code wrong-image},
     *                                 {@code board-exited}, ...
     */
    public String prepare(GroupRun group) {
        return prepare(group, PhaseTimer.Listener.NONE);
    }

    /**
     * As {@link #prepare(GroupRun)}, telling {@code phases} how long each phase (build, flash, power, boot) took
     * and whether it failed.
     */
    public String prepare(GroupRun group, PhaseTimer.Listener phases) {
        PhaseTimer timer = new PhaseTimer(phases);
        DeviceRequirement need = requirement(group);
        ConfiguredDevice device = group.configuredDevice();
        if (need instanceof DeviceRequirement.None) return "nothing: the group runs on the host";
        String keptUp = up.remove(device.id());
        String hash = need instanceof FirmwareImage image ? ImageCache.shortHash(image) : "as-configured";
        if (hash.equals(keptUp) && hash.equals(running.get(device.id()))) {
            touched.add(device.id());
            return "same boot as the previous group (" + (need instanceof FirmwareImage ? "image " + hash : "as configured")
                    + "): not flashed or rebooted";
        }
        newBoot(device.id());
        running.remove(device.id());
        touched.add(device.id());
        FirmwareBoot boot = new FirmwareBoot(device, group::scaled);
        String what;
        if (need instanceof FirmwareImage image) {
            boolean shared = images.known(image);
            Path built = timer.time(shared ? PhaseSpan.BUILD_WAIT : PhaseSpan.BUILD,
                    () -> images.image(image, device, group.group().id()));
            if (device.identityWatch().isPresent()) boot.expectImage(ImageIdentity.of(built));
            boolean flashing = !hash.equals(flashed.get(device.id()));
            if (!flashing) {
                what = "image " + hash + " (shared with " + images.usersBefore(image, group.group().id())
                        + "): already on the device, rebooted";
            } else {
                boot.flashNext(built);
                flashed.remove(device.id());
                what = "image " + hash + (shared ? " (built for " + images.usersBefore(image, group.group().id()) + ")"
                        : " (built)") + ", flashed";
            }
            boot(boot, timer, flashing);
            flashed.put(device.id(), hash);
        } else {
            boot(boot, timer, false);
            what = "booted as configured";
        }
        running.put(device.id(), hash);
        return what;
    }

    /** OFF to READY one state at a time, so each step is timed as its own phase. */
    private static void boot(FirmwareBoot boot, PhaseTimer timer, boolean flashing) {
        if (flashing) timer.time(PhaseSpan.FLASH, () -> boot.transitionTo(BootState.FLASHED));
        timer.time(PhaseSpan.POWER, () -> boot.transitionTo(BootState.BOOTED));
        timer.time(PhaseSpan.BOOT, () -> boot.transitionTo(BootState.READY));
    }

    /**
     * Leaves the device running after a group that ended cleanly, for the next group of the same boot
     * ({@link dev.qualify.api.suite.QualificationGroup#bootShare}); that group's {@link #prepare} then reuses the
     * boot when it needs the same image.
     */
    public void keepUp(GroupRun group) {
        String hash = running.get(group.device().id());
        if (hash != null) up.put(group.device().id(), hash);
    }

    /** The scope of the device's current boot. */
    public BootScope bootScope(String deviceId) {
        return scopes.computeIfAbsent(deviceId, k -> new BootScope());
    }

    private void newBoot(String deviceId) {
        BootScope old = scopes.remove(deviceId);
        if (old != null) old.close();
    }

    /**
     * Powers the device down after a group (unless the group never touched it); a device whose group failed is not
     * trusted to hold its image.
     */
    public void release(GroupRun group, boolean clean) {
        release(group, clean, PhaseTimer.Listener.NONE);
    }

    /** As {@link #release(GroupRun, boolean)}, telling {@code phases} how long powering down took. */
    public void release(GroupRun group, boolean clean, PhaseTimer.Listener phases) {
        // an image the group served over the air may have replaced the one flashed
        if (!clean || !group.servedImages().isEmpty()) flashed.remove(group.device().id());
        up.remove(group.device().id());
        running.remove(group.device().id());
        newBoot(group.device().id());
        if (!touched.remove(group.device().id()) && clean) return;
        new PhaseTimer(phases).time(PhaseSpan.RELEASE,
                () -> new FirmwareBoot(group.configuredDevice(), group::scaled).transitionTo(BootState.OFF));
    }

    private static DeviceRequirement requirement(GroupContext group) {
        Class<? extends Preparation> type = group.group().preparation();
        try {
            DeviceRequirement r = type.getDeclaredConstructor().newInstance().requirement(group);
            if (r == null) throw new IllegalStateException(type.getName() + " returned no requirement");
            return r;
        } catch (InfrastructureException e) {
            throw e;
        } catch (InvocationTargetException e) {
            throw new InfrastructureException("prepare-failed", "the preparation " + type.getSimpleName() + " of group "
                    + group.group().id() + " could not be created: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new InfrastructureException("prepare-failed", "the preparation " + type.getSimpleName() + " of group "
                    + group.group().id() + " failed: " + e, e);
        }
    }
}
