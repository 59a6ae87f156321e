package dev.qualify.core.device;

import dev.qualify.api.device.InfrastructureException;
import dev.qualify.api.device.Transcript;
import dev.qualify.api.driver.AnsiStripper;
import dev.qualify.api.driver.ConsoleMonitoring;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches a device's console output for the line where the board names the image it runs ({@code
 * boot.imageIdentity}). It sits between the console and the device's transcript, so it sees every byte the
 * device sent, in order, whoever reads the console. It remembers what each boot printed ({@link #seen}); once
 * armed with the image flashed ({@link #arm}), an identity line that names another image (the board rebooted into
 * an older image during the group) aborts the console's waits with a {@code wrong-image} error at once. An image the
 * group itself delivered to the device (an OTA update, {@link #alsoExpect}) is expected as the flashed one is, until
 * the next boot by the engine.
 *
 * <p>One per device for the run; safe for the console's reader thread and the engine's thread.
 */
public final class ImageIdentityWatch {
    private static final int MAX_LINE = 8192;

    private final String deviceId;
    private final Pattern pattern;
    private final List<String> seen = new ArrayList<>();
    private ConsoleMonitoring console;
    private Tap current;
    private Predicate<String> expected;
    private String flashed;
    /** Images the group delivered itself since this boot (OTA updates): also expected, once armed. */
    private final List<Predicate<String>> served = new ArrayList<>();
    private final List<String> servedNames = new ArrayList<>();

    public ImageIdentityWatch(String deviceId, Pattern pattern) {
        this.deviceId = deviceId;
        this.pattern = pattern;
    }

    public Pattern pattern() {
        return pattern;
    }

    /** The identity a line names: the pattern's first group, or its whole match; null when it names none. */
    public String identityIn(CharSequence line) {
        Matcher m = pattern.matcher(line);
        if (!m.find()) return null;
        return m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
    }

    /** The transcript a newly opened {@code console} writes to: {@code downstream}, with this watch reading along. */
    public synchronized Transcript tap(Transcript downstream, ConsoleMonitoring console) {
        this.console = console;
        current = new Tap(downstream);
        return current;
    }

    /** A new boot begins: forgets what the previous one printed and stops comparing until {@link #arm}. */
    public synchronized void newBoot() {
        seen.clear();
        expected = null;
        flashed = null;
        served.clear();
        servedNames.clear();
    }

    /** The identities printed since {@link #newBoot}, oldest first. */
    public synchronized List<String> seen() {
        return List.copyOf(seen);
    }

    /** Records an identity the engine matched on the console itself (a line not yet ended when it was matched). */
    public synchronized void saw(String identity) {
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(identity)) seen.add(identity);
    }

    /**
     * From now on, an identity line {@code matches} refuses aborts the console with {@code wrong-image}.
     *
     * @param flashed the image flashed, for the message
     */
    public synchronized void arm(Predicate<String> matches, String flashed) {
        this.expected = matches;
        this.flashed = flashed;
    }

    /**
     * Until the next {@link #newBoot}, an identity line {@code matches} accepts is expected too: an image the group
     * delivered to the device itself (an OTA update), which the board may reboot into during the group.
     *
     * @param served the image, for the message
     */
    public synchronized void alsoExpect(Predicate<String> matches, String served) {
        this.served.add(matches);
        this.servedNames.add(served);
    }

    /** Stops comparing (the device is powered down). */
    public synchronized void disarm() {
        expected = null;
        flashed = null;
    }

    /** A line from {@code from}; a console replaced since (its last bytes arriving late) is not this boot's. */
    private synchronized void line(Tap from, String text) {
        if (from != current) return;
        String identity = identityIn(text);
        if (identity == null) return;
        seen.add(identity);
        if (expected != null && !expected.test(identity) && served.stream().noneMatch(m -> m.test(identity))
                && console != null) {
            console.abort(new InfrastructureException("wrong-image", "device " + deviceId + " printed image identity '"
                    + identity + "' during the group (\"" + text.strip() + "\"), but the image flashed is " + flashed
                    + (servedNames.isEmpty() ? "" : " and the images the group served are " + String.join(", ", servedNames))
                    + ": it rebooted into another image, so what it reports now is not the image's verdict"));
        }
    }

    /** Splits received bytes into lines for the watch and passes everything on unchanged. */
    private final class Tap implements Transcript {
        private final Transcript downstream;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Tap(Transcript downstream) {
            this.downstream = downstream;
        }

        @Override
        public void received(byte[] bytes, int offset, int length) {
            downstream.received(bytes, offset, length);
            List<String> lines = new ArrayList<>();
            synchronized (pending) {
                int from = offset;
                for (int i = offset; i < offset + length; i++) {
                    boolean end = bytes[i] == '\n';
                    if (end || pending.size() + (i - from) >= MAX_LINE) { // a line too long is matched in pieces
                        pending.write(bytes, from, i - from);
                        lines.add(AnsiStripper.stripAll(pending.toString(StandardCharsets.UTF_8)));
                        pending.reset();
                        from = end ? i + 1 : i;
                    }
                }
                pending.write(bytes, from, offset + length - from);
            }
            for (String l : lines) line(this, l);
        }

        /** What a reader took from the console: the test's log shows it as the device's output. */
        @Override
        public void read(CharSequence text) {
            downstream.read(text);
        }

        @Override
        public void sent(byte[] bytes) {
            downstream.sent(bytes);
        }

        @Override
        public void note(String text) {
            downstream.note(text);
        }
    }
}
