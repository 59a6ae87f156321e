package dev.qualify.core.boot;

import dev.qualify.api.device.Console;
import dev.qualify.api.device.ConsoleMatch;
import dev.qualify.api.device.ConsoleTimeoutException;
import dev.qualify.api.device.InfrastructureException;
import dev.qualify.core.device.ConfiguredDevice;
import dev.qualify.core.device.ImageIdentityWatch;

import java.time.Duration;
import java.util.List;

/**
 * The check that the board runs the image Qualify flashed ({@code boot.imageIdentity}), made when the board is
 * ready, before any test: every identity the boot printed must name the image flashed ({@link ImageIdentity}).
 * <ul>
 *   <li>another identity: {@code wrong-image}, naming both (the flash did not take, or another board answers on
 *       this console);</li>
 *   <li>no identity line by the end of the boot handshake: {@code wrong-image} too ("printed no image
 *       identity"), since the pattern says the board prints one; without a ready line or a handshake answer to
 *       wait for, the identity line itself is waited for, within the boot timeout;</li>
 *   <li>nothing flashed by this run (the group boots the device as configured): not checked, noted.</li>
 * </ul>
 * After a good check the watch is armed, so an identity line of another image later in the group (a reboot into
 * an older image) ends the group's console reads with {@code wrong-image}.
 */
final class ImageCheck {
    private ImageCheck() {
    }

    /**
     * @param expected       the image flashed (or kept) for this boot; null when the run flashed nothing
     * @param waitedForBoot  whether the boot waited for a ready line or a handshake answer
     */
    static void afterBoot(ConfiguredDevice device, ImageIdentity expected, Console console, Duration timeout,
                          boolean waitedForBoot) {
        ImageIdentityWatch watch = device.identityWatch().orElse(null);
        if (watch == null) return;
        if (expected == null) {
            device.context().transcript().note("image identity not checked: this run flashed no image for this boot");
            return;
        }
        if (watch.seen().isEmpty() && !waitedForBoot) {
            try {
                ConsoleMatch m = console.expect(watch.pattern(), timeout);
                String identity = watch.identityIn(m.text());
                if (identity != null) watch.saw(identity);
            } catch (ConsoleTimeoutException e) {
                // reported as no identity below
            }
        }
        List<String> seen = watch.seen();
        String pattern = "/" + watch.pattern().pattern() + "/";
        if (seen.isEmpty()) {
            throw new InfrastructureException("wrong-image", "device " + device.id() + " printed no image identity ("
                    + pattern + ", boot.imageIdentity) while it booted, so nothing says it runs the image flashed, "
                    + expected.describe() + "; last seen: " + quoted(console.lastSeen()));
        }
        for (String s : seen) {
            if (!expected.matches(s)) {
                throw new InfrastructureException("wrong-image", "device " + device.id() + " runs image '" + s
                        + "', not the image flashed, " + expected.describe() + "; the flash did not take, or another"
                        + " board answers on " + console.name() + (seen.size() > 1 ? " (identities printed: " + seen + ")" : ""));
            }
        }
        device.context().transcript().note("image identity: the board runs '" + seen.get(seen.size() - 1)
                + "': the image flashed, " + expected.describe());
        watch.arm(expected::matches, expected.describe());
    }

    private static String quoted(String s) {
        return s.isEmpty() ? "(nothing)" : "\"" + s + "\"";
    }
}
