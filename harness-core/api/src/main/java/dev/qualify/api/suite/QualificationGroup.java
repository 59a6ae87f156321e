package dev.qualify.api.suite;

import org.apiguardian.api.API;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Jupiter test class as a qualification group. The scheduler runs the class once per (device, group),
 * with the device and the cloud injected into its tests.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@API(status = API.Status.STABLE, since = "0.1")
public @interface QualificationGroup {
    /** The group id, as IDT names it, e.g. {@code FullPKCS11_Core}. */
    String id();

    /** A human title. */
    String title();

    /** Whether qualification needs this group. */
    boolean required() default true;

    /**
     * Pool features the group needs, each {@code Name} (present and not "No"), {@code Name=V1|V2}, or {@code Name?}
     * (on by default: met unless the pool declares {@code Name: No}, for a required group a pool may leave out
     * while it is being brought up). A pool that lacks one does not run the group, and says why.
     */
    String[] features() default {};

    /** The test cases the group reports, for {@code list-test-cases} and to notice cases a device never reported. */
    String[] cases() default {};

    /** What the device must run before the group's first test; the engine brings it there. */
    Class<? extends Preparation> preparation() default Preparation.AsConfigured.class;

    /**
     * Groups of a suite with the same non-empty key may share one boot: the engine hands them to one device
     * together, in suite order, and when the next one needs the image the device already runs, it is neither
     * flashed nor rebooted in between. For ports that run several test suites in one boot (FLIT runs every enabled
     * test of an image); such groups share what they read through {@link GroupContext#bootScoped}. On a pool
     * where the groups of one key would be more than a device's share of the run, the engine may cut them, in
     * order, into parts with a boot each on different devices; {@link GroupContext#bootGroups} tells a group which.
     */
    String bootShare() default "";
}
