package dev.qualify.api.cloud;

import org.apiguardian.api.API;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a qualification group (its class) or one test method as needing the emulated cloud: it reads what only
 * the emulator knows (packet capture, audit findings, the registry) or scripts its misbehaviour (fault injection,
 * Device Advisor cases).
 *
 * <p>When the run's cloud lacks {@link CloudCapability#EMULATOR} (an external MQTT broker, AWS IoT Core), the
 * engine reports the group's cases, or the method, as SKIPPED with the reason {@value #REASON} followed by
 * {@link #value()}; it never runs them, and a group so marked is not even prepared (no build, flash or boot).
 * {@code qualify list-groups --config} says so too.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@API(status = API.Status.EXPERIMENTAL, since = "0.2")
public @interface NeedsEmulatedCloud {
    /** The start of the SKIPPED reason. */
    String REASON = "needs the emulated cloud";

    /** What of the emulator it uses, e.g. {@code "packet capture"}; added to the reason. */
    String value() default "";
}
