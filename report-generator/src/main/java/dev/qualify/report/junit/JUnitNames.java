package dev.qualify.report.junit;

import dev.qualify.api.report.GroupResult;
import dev.qualify.api.report.TestResult;
import dev.qualify.report.SafeText;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The naming and number rules of Qualify's JUnit XML (peers.md §3.2), in one place.
 *
 * <ul>
 *   <li>A test case's {@code classname} is {@code <device>.<TestResult.className>}: dotted, never empty, and
 *       unique per device, so classname+name stays unique when several devices run the same group (GitLab drops
 *       duplicates). Dots and spaces in the device id become {@code _} so the device is always the first
 *       segment.</li>
 *   <li>Timestamps are UTC, {@code yyyy-MM-ddTHH:mm:ss}, without zone or fraction (the Ant schema's pattern).</li>
 *   <li>Times are seconds with three decimals ({@code 12.345}), valid as {@code xs:decimal} and as Surefire
 *       time.</li>
 * </ul>
 */
final class JUnitNames {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private JUnitNames() {
    }

    /** The device as a classname segment: no dots, no whitespace, never empty. */
    static String devicePackage(String deviceId) {
        String id = SafeText.oneLine(deviceId).replaceAll("[.\\s]+", "_");
        return id.isEmpty() ? "device" : id;
    }

    /** {@code <device>.<className>}, falling back to the group id when the test has no class name. */
    static String classname(GroupResult group, TestResult test) {
        String base = SafeText.oneLine(test.className());
        if (base.isEmpty()) {
            base = SafeText.oneLine(group.groupId());
        }
        return devicePackage(group.deviceId()) + "." + (base.isEmpty() ? "qualify" : base);
    }

    /** The test's name, falling back to its id; never empty. */
    static String testName(TestResult test) {
        String name = SafeText.oneLine(test.name());
        if (name.isEmpty()) {
            name = SafeText.oneLine(test.testId());
        }
        return name.isEmpty() ? "unnamed" : name;
    }

    /** The group id as a suite name; never empty. */
    static String suiteName(GroupResult group) {
        String name = SafeText.oneLine(group.groupId());
        return name.isEmpty() ? "unnamed" : name;
    }

    /** {@code TEST-<group>-<device>.xml}, with characters unsafe in file names replaced by {@code _}. */
    static String suiteFileName(GroupResult group) {
        return "TEST-" + fileSafe(group.groupId()) + "-" + fileSafe(group.deviceId()) + ".xml";
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant == null ? Instant.EPOCH : instant);
    }

    /** Seconds with three decimals; null and negative durations are {@code 0.000}. */
    static String seconds(Duration duration) {
        long millis = duration == null || duration.isNegative() ? 0 : duration.toMillis();
        return BigDecimal.valueOf(millis, 3).toPlainString();
    }

    private static String fileSafe(String text) {
        String safe = SafeText.oneLine(text).replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? "_" : safe;
    }
}
