package dev.qualify.connectors.serial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sysfs walk, on a fake tree shaped like Linux's (usb-serial and cdc-acm devices). */
class UsbPortFinderTest {
    @TempDir
    Path root;

    private Path sysClassTty;

    private void usbDevice(String name, String vendor, String product, String serial) throws IOException {
        Path dev = Files.createDirectories(root.resolve("devices/usb1/" + name));
        Files.writeString(dev.resolve("idVendor"), vendor + "\n");
        Files.writeString(dev.resolve("idProduct"), product + "\n");
        if (serial != null) Files.writeString(dev.resolve("serial"), serial + "\n");
    }

    private void tty(String tty, String usbDevice, int iface, boolean usbSerialLayer) throws IOException {
        Path ifaceDir = Files.createDirectories(root.resolve("devices/usb1/" + usbDevice + "/" + usbDevice + ":1." + iface));
        Files.writeString(ifaceDir.resolve("bInterfaceNumber"), String.format("%02x%n", iface));
        Path deviceDir = usbSerialLayer ? Files.createDirectories(ifaceDir.resolve(tty)) : ifaceDir;
        Path classDir = Files.createDirectories(sysClassTty.resolve(tty));
        Files.createSymbolicLink(classDir.resolve("device"), deviceDir);
    }

    private UsbPortFinder finder() throws IOException {
        return new UsbPortFinder(sysClassTty, Path.of("/dev"));
    }

    @Test
    void findsAdaptersByVendorProductSerialAndInterface() throws IOException {
        sysClassTty = Files.createDirectories(root.resolve("class/tty"));
        usbDevice("1-1", "10c4", "ea60", "0001");
        usbDevice("1-2", "0403", "6010", "FT42");
        usbDevice("1-3", "2e8a", "000a", null);
        tty("ttyUSB3", "1-1", 0, true);
        tty("ttyUSB0", "1-2", 0, true);
        tty("ttyUSB1", "1-2", 1, true);
        tty("ttyACM0", "1-3", 0, false);
        Files.createDirectories(sysClassTty.resolve("ttyS0")); // not USB, no device link

        assertThat(finder().find(new UsbIdentity(0x10c4, 0xea60, "0001", null))).containsExactly("/dev/ttyUSB3");
        assertThat(finder().find(new UsbIdentity(0x0403, 0x6010, "FT42", 1))).containsExactly("/dev/ttyUSB1");
        assertThat(finder().find(new UsbIdentity(0x0403, 0x6010, null, null))).containsExactly("/dev/ttyUSB0", "/dev/ttyUSB1");
        assertThat(finder().find(new UsbIdentity(0x2e8a, 0x000a, null, 0))).containsExactly("/dev/ttyACM0");
        assertThat(finder().find(new UsbIdentity(0x10c4, 0xea60, "0002", null))).isEmpty();
    }

    @Test
    void twoMatchingAdaptersAreAnErrorListingBoth() throws IOException {
        sysClassTty = Files.createDirectories(root.resolve("class/tty"));
        usbDevice("1-2", "0403", "6010", "FT42");
        tty("ttyUSB0", "1-2", 0, true);
        tty("ttyUSB1", "1-2", 1, true);
        PortSource source = PortSource.usb(new UsbIdentity(0x0403, 0x6010, "FT42", null), finder());
        assertThatThrownBy(source::locate).isInstanceOf(IOException.class)
                .hasMessageContaining("2 ports match usb 0403:6010 serial FT42: [/dev/ttyUSB0, /dev/ttyUSB1]")
                .hasMessageContaining("interface");
    }
}
