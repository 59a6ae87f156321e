package dev.qualify.connectors.serial;

import dev.qualify.connectors.settings.Settings;
import dev.qualify.api.driver.SettingsException;

import java.util.Map;
import java.util.Set;

/**
 * A USB serial adapter named by what it is rather than where it was enumerated, so a board is found again after
 * the kernel renumbers it ({@code /dev/ttyUSB0} becoming {@code /dev/ttyUSB1} after a power cycle).
 *
 * <p>Config: {@code usb: {vendorId: "10c4", productId: "ea60", serialNumber: "0001", interface: 0}}. Ids written as
 * strings are hexadecimal (as {@code lsusb} prints them, with or without {@code 0x}); ids written as YAML numbers
 * are taken as they are.
 *
 * @param vendorId        USB vendor id, 0..0xFFFF
 * @param productId       USB product id, 0..0xFFFF
 * @param serialNumber    the adapter's serial number string, or null to accept any
 * @param interfaceNumber the USB interface of a multi-port adapter (e.g. the second UART of an FT2232), or null
 */
public record UsbIdentity(int vendorId, int productId, String serialNumber, Integer interfaceNumber) {
    /** The keys of a {@code usb} section. */
    public static final Set<String> KEYS = Set.of("vendorId", "productId", "serialNumber", "interface");

    public UsbIdentity {
        if (vendorId < 0 || vendorId > 0xFFFF || productId < 0 || productId > 0xFFFF) {
            throw new IllegalArgumentException("USB ids are 16-bit");
        }
    }

    /**
     * Reads a {@code usb} section.
     *
     * @throws SettingsException naming {@code usb.<key>}
     */
    public static UsbIdentity read(Map<String, Object> section) {
        try {
            Settings s = new Settings(section).allowOnly(KEYS);
            int vendor = hexId(section.get("vendorId"), "vendorId");
            int product = hexId(section.get("productId"), "productId");
            String serial = s.string("serialNumber", null);
            Integer iface = s.has("interface") ? s.integer("interface", 0, 0, 255) : null;
            return new UsbIdentity(vendor, product, serial, iface);
        } catch (SettingsException e) {
            throw new SettingsException("usb." + e.key(), e.getMessage(), e.suggestion());
        }
    }

    /** Whether a port with these attributes is this adapter; null attributes are unknown and match nothing required. */
    public boolean matches(int vendor, int product, String serial, Integer iface) {
        if (vendor != vendorId || product != productId) return false;
        if (serialNumber != null && !serialNumber.equals(serial)) return false;
        return interfaceNumber == null || interfaceNumber.equals(iface);
    }

    /** E.g. {@code usb 10c4:ea60 serial 0001 interface 0}. */
    public String describe() {
        return String.format("usb %04x:%04x", vendorId, productId)
                + (serialNumber == null ? "" : " serial " + serialNumber)
                + (interfaceNumber == null ? "" : " interface " + interfaceNumber);
    }

    private static int hexId(Object v, String key) {
        if (v == null) throw new SettingsException(key, "required key '" + key + "' is missing", "add " + key + ": \"10c4\" (hex, as lsusb prints it)");
        if (v instanceof Number n) {
            int i = n.intValue();
            if (i < 0 || i > 0xFFFF) throw new SettingsException(key, i + " is not a 16-bit USB id", null);
            return i;
        }
        String text = String.valueOf(v).trim().toLowerCase();
        if (text.startsWith("0x")) text = text.substring(2);
        if (!text.matches("[0-9a-f]{1,4}")) {
            throw new SettingsException(key, "'" + v + "' is not a hexadecimal USB id", "write it as lsusb prints it, e.g. \"10c4\"");
        }
        return Integer.parseInt(text, 16);
    }
}
