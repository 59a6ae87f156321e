package dev.qualify.connectors.serial;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.driver.SettingsException;

import java.util.Map;
import java.util.Set;

/**
 * The framing of a UART line: {@code baud: 115200, dataBits: 8, parity: none, stopBits: 1, flowControl: none}.
 * Used by the local serial driver and by RFC 2217, which sets the same values on a remote port.
 *
 * @param baud        bits per second, positive
 * @param dataBits    5 to 8
 * @param parity      parity bit
 * @param stopBits    stop bits
 * @param flowControl flow control
 */
public record LineSettings(int baud, int dataBits, Parity parity, StopBits stopBits, FlowControl flowControl) {
    /** The keys this record reads from a section. */
    public static final Set<String> KEYS = Set.of("baud", "dataBits", "parity", "stopBits", "flowControl");

    /** 115200 8N1, no flow control: what almost every dev board speaks. */
    public static final LineSettings DEFAULT = new LineSettings(115200, 8, Parity.NONE, StopBits.ONE, FlowControl.NONE);

    public LineSettings {
        if (baud <= 0) throw new IllegalArgumentException("baud must be positive: " + baud);
        if (dataBits < 5 || dataBits > 8) throw new IllegalArgumentException("dataBits must be 5..8: " + dataBits);
        if (parity == null || stopBits == null || flowControl == null) throw new IllegalArgumentException("null framing value");
    }

    /**
     * Reads the line keys of a section (other keys are the caller's to check).
     *
     * @throws SettingsException naming the key
     */
    public static LineSettings read(Map<String, Object> section) {
        Settings s = new Settings(section);
        int baud = s.integer("baud", DEFAULT.baud(), 1, 20_000_000);
        int dataBits = s.integer("dataBits", DEFAULT.dataBits(), 5, 8);
        Parity parity = ConfigChoice.of(section.get("parity"), "parity", Parity.values(), Parity::configName, DEFAULT.parity());
        Object stop = section.get("stopBits");
        StopBits stopBits = ConfigChoice.of(stop instanceof Number n ? trimNumber(n) : stop, "stopBits",
                StopBits.values(), StopBits::configName, DEFAULT.stopBits());
        FlowControl flow = ConfigChoice.of(section.get("flowControl"), "flowControl", FlowControl.values(),
                FlowControl::configName, DEFAULT.flowControl());
        return new LineSettings(baud, dataBits, parity, stopBits, flow);
    }

    /** E.g. {@code 115200 8N1}, plus the flow control when there is one. */
    public String describe() {
        String stop = stopBits.configName();
        return baud + " " + dataBits + parity.name().charAt(0) + stop + (flowControl == FlowControl.NONE ? "" : " " + flowControl.configName());
    }

    private static String trimNumber(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
