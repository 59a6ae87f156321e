package dev.qualify.api.cloud;

import org.apiguardian.api.API;

/** Optional abilities of a {@link Cloud}; a check that needs one is skipped, with a reason, where it is missing. */
@API(status = API.Status.STABLE, since = "0.1")
public enum CloudCapability {
    /** Device shadows (classic and named). */
    SHADOW,
    /** Jobs: create, notify, start-next, update. */
    JOBS,
    /** Every packet of every client is recorded with its time. */
    PACKET_CAPTURE,
    /** Scripted misbehaviour: withheld acknowledgements, refused connects, bad server certificates. */
    FAULT_INJECTION,
    /** Device-Defender-style audit findings. */
    AUDIT,
    /**
     * The cloud is Qualify's emulator: a suite may read its internals (packet log, registry, audit) and script its
     * misbehaviour. Groups and cases marked {@link NeedsEmulatedCloud} are SKIPPED on a cloud without it.
     */
    EMULATOR
}
