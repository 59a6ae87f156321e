package dev.qualify.connectors.serial;

import com.fazecast.jSerialComm.SerialPort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the device nodes of a USB serial adapter by {@link UsbIdentity}.
 *
 * <p>On Linux it reads sysfs: for each {@code /sys/class/tty/<name>/device} it walks up from the resolved directory
 * to the USB interface (the first directory holding {@code bInterfaceNumber}) and the USB device (the first holding
 * {@code idVendor}, {@code idProduct} and, when the adapter has one, {@code serial}). Elsewhere it asks jSerialComm's
 * enumeration, which knows vendor, product and serial number but not the interface.
 */
public final class UsbPortFinder {
    private final Path sysClassTty;
    private final Path devDir;

    /** A finder over the real {@code /sys/class/tty} and {@code /dev}. */
    public UsbPortFinder() {
        this(Path.of("/sys/class/tty"), Path.of("/dev"));
    }

    /**
     * @param sysClassTty the directory listing tty devices ({@code /sys/class/tty}); a fake tree in tests
     * @param devDir      where device nodes are ({@code /dev})
     */
    public UsbPortFinder(Path sysClassTty, Path devDir) {
        this.sysClassTty = sysClassTty;
        this.devDir = devDir;
    }

    /** The paths of every port that is {@code id}, sorted; empty when none is plugged in. */
    public List<String> find(UsbIdentity id) throws IOException {
        return Files.isDirectory(sysClassTty) ? fromSysfs(id) : fromEnumeration(id);
    }

    private List<String> fromSysfs(UsbIdentity id) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> ttys = Files.list(sysClassTty)) {
            for (Path tty : ttys.sorted().toList()) {
                Path device = tty.resolve("device");
                if (!Files.exists(device)) continue;
                Path dir;
                try {
                    dir = device.toRealPath();
                } catch (IOException e) {
                    continue; // unplugged while we looked
                }
                Integer iface = null;
                Path usbDevice = null;
                for (Path p = dir; p != null; p = p.getParent()) {
                    if (iface == null && Files.isRegularFile(p.resolve("bInterfaceNumber"))) {
                        iface = Integer.parseInt(read(p.resolve("bInterfaceNumber")), 16);
                    }
                    if (Files.isRegularFile(p.resolve("idVendor"))) {
                        usbDevice = p;
                        break;
                    }
                }
                if (usbDevice == null) continue; // not a USB tty
                int vendor = Integer.parseInt(read(usbDevice.resolve("idVendor")), 16);
                int product = Integer.parseInt(read(usbDevice.resolve("idProduct")), 16);
                Path serialFile = usbDevice.resolve("serial");
                String serial = Files.isRegularFile(serialFile) ? read(serialFile) : null;
                if (id.matches(vendor, product, serial, iface)) {
                    found.add(devDir.resolve(tty.getFileName().toString()).toString());
                }
            }
        }
        return found;
    }

    private static List<String> fromEnumeration(UsbIdentity id) {
        List<String> found = new ArrayList<>();
        for (SerialPort p : SerialPort.getCommPorts()) {
            if (id.matches(p.getVendorID(), p.getProductID(), p.getSerialNumber(), id.interfaceNumber())) {
                found.add(p.getSystemPortPath());
            }
        }
        found.sort(null);
        return found;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }
}
