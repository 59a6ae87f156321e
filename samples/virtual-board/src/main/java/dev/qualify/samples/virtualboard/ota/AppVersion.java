package dev.qualify.samples.virtualboard.ota;

import dev.qualify.samples.virtualboard.Macros;

/**
 * The application version of an image, {@code OTA_APP_VERSION_MAJOR/MINOR/BUILD} of its {@code test_param_config.h}
 * (FLIT's defaults 0.9.1 when absent), packed as the OTA library's {@code AppVersion32_t}: major in the top byte,
 * minor in the next, build in the low 16 bits.
 */
public record AppVersion(int major, int minor, int build) implements Comparable<AppVersion> {

    /** The version an image's macros give. */
    public static AppVersion of(Macros macros) {
        return new AppVersion((int) macros.integer("OTA_APP_VERSION_MAJOR", 0),
                (int) macros.integer("OTA_APP_VERSION_MINOR", 9), (int) macros.integer("OTA_APP_VERSION_BUILD", 1));
    }

    /** From the packed form. */
    public static AppVersion of(long u32) {
        return new AppVersion((int) (u32 >>> 24) & 0xFF, (int) (u32 >>> 16) & 0xFF, (int) (u32 & 0xFFFF));
    }

    /** The packed {@code AppVersion32_t}. */
    public long u32() {
        return ((long) (major & 0xFF) << 24) | ((minor & 0xFF) << 16) | (build & 0xFFFF);
    }

    /** Eight hex digits, as the OTA library writes {@code updatedBy} in a self-test status. */
    public String hex() {
        return String.format("%08x", u32());
    }

    @Override
    public int compareTo(AppVersion o) {
        return Long.compare(u32(), o.u32());
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + build;
    }
}
