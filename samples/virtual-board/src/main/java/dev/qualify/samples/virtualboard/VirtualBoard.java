package dev.qualify.samples.virtualboard;

import dev.qualify.samples.virtualboard.pkcs11.Cryptoki;
import dev.qualify.samples.virtualboard.pkcs11.Pkcs11Board;
import dev.qualify.samples.virtualboard.pkcs11.Pkcs11Tests;
import dev.qualify.samples.virtualboard.pkcs11.SecureElement;
import dev.qualify.samples.virtualboard.ota.OtaPal;
import dev.qualify.samples.virtualboard.ota.OtaPalTests;
import dev.qualify.samples.virtualboard.transport.PlaintextTransport;
import dev.qualify.samples.virtualboard.transport.TlsTransport;
import dev.qualify.samples.virtualboard.transport.TransportInterfaceTests;
import dev.qualify.samples.virtualboard.unity.TestGroup;
import dev.qualify.samples.virtualboard.unity.UnityRunner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A powered-on virtual FreeRTOS board: its UART is a TCP listener and its firmware runs on a thread.
 *
 * <p>Every boot prints {@code Qualify virtual board <version> booting} (always the first line), reads the flash,
 * prints an image line and {@code Waiting for 'start' on UART (TEST_START_DELAY_MS=<n>)}, waits for a {@code start}
 * line or the delay, then runs the enabled FLIT groups in FLIT order between the start and end markers, prints the
 * Unity summary, and idles. An empty, missing or invalid flash prints an {@code ERROR:} line and idles. A
 * {@code reset} line on the UART reboots the board, as a reset button would; an empty line is answered with the
 * prompt {@code vboard> }. Lines end with CR LF.
 */
public final class VirtualBoard implements AutoCloseable {

    /** The start marker the port prints ({@code UNITY_OUTPUT_START()}). */
    public static final String START_MARKER = "---------STARTING TESTS---------";
    /** The end marker the port prints ({@code UNITY_OUTPUT_COMPLETE()}). */
    public static final String END_MARKER = "-------ALL TESTS FINISHED-------";

    private static final int CONNECT_TIMEOUT_MS = 2000;
    private static final int RECV_TIMEOUT_MS = 100;

    private final BoardConfig config;
    private final BoardFaults faults;
    /** What the board answers to an empty line. */
    static final String PROMPT = "vboard> (commands: start, reset)\r\n";
    private final Uart uart;
    private final Console console;
    private final Thread firmware;
    private final CountDownLatch poweredOff = new CountDownLatch(1);
    private final AtomicInteger boots = new AtomicInteger();
    private volatile CountDownLatch startSignal = new CountDownLatch(1);
    private volatile boolean resetRequested;
    private volatile boolean off;
    private volatile long attachWaitMs;
    /** Where the next boot reads its image: the flash, or the fallback image after {@code --fall-back-to} struck. */
    private volatile java.nio.file.Path bootImage;

    private VirtualBoard(BoardConfig config, BoardFaults faults, NumberedLines numbered) throws IOException {
        this.config = config;
        this.faults = faults;
        this.uart = new Uart(config.uartHost(), config.uartPort(), this::onUartLine);
        this.console = new Console(uart, config, faults.dropPortMarker(), numbered);
        this.console.crashAfter(faults.crash());
        if (faults.fallbackImage() != null) this.console.fallBackOnce();
        this.firmware = new Thread(this::firmwareMain, "virtual-board-firmware");
        this.firmware.setDaemon(true);
    }

    /**
     * Powers the board on: binds the UART listener and starts the firmware.
     *
     * @throws IOException the UART port cannot be bound
     */
    public static VirtualBoard powerOn(BoardConfig config) throws IOException {
        return powerOn(config, BoardFaults.NONE);
    }

    /**
     * Powers the board on with TLS/OTA misbehaviours.
     *
     * @throws IOException the UART port cannot be bound
     */
    public static VirtualBoard powerOn(BoardConfig config, BoardFaults faults) throws IOException {
        return powerOn(config, faults, NumberedLines.NONE, 0);
    }

    /**
     * Powers the board on, its first boot held until a UART client connects (at most {@code attachWaitMs}), as
     * a board whose console cable was attached before power on: nothing of the boot is lost to a late client.
     *
     * @throws IOException the UART port cannot be bound
     */
    public static VirtualBoard powerOn(BoardConfig config, BoardFaults faults, long attachWaitMs) throws IOException {
        return powerOn(config, faults, NumberedLines.NONE, attachWaitMs);
    }

    /**
     * Powers the board on with TLS/OTA misbehaviours, printing numbered lines among its results.
     *
     * @throws IOException the UART port cannot be bound
     */
    static VirtualBoard powerOn(BoardConfig config, BoardFaults faults, NumberedLines numbered) throws IOException {
        return powerOn(config, faults, numbered, 0);
    }

    /**
     * Powers the board on, printing numbered lines among its results, its first boot held until a UART client
     * connects (at most {@code attachWaitMs}).
     *
     * @throws IOException the UART port cannot be bound
     */
    static VirtualBoard powerOn(BoardConfig config, BoardFaults faults, NumberedLines numbered, long attachWaitMs)
            throws IOException {
        VirtualBoard board = new VirtualBoard(Objects.requireNonNull(config, "config"),
                Objects.requireNonNull(faults, "faults"), Objects.requireNonNull(numbered, "numbered"));
        board.attachWaitMs = attachWaitMs;
        board.uart.start();
        board.firmware.start();
        return board;
    }

    /** The UART's TCP port (the chosen one when configured with 0). */
    public int uartPort() {
        return uart.port();
    }

    /** The UART's listen address. */
    public String uartHost() {
        return uart.host();
    }

    /** How many times the board has booted so far. */
    public int boots() {
        return boots.get();
    }

    /** Blocks until {@link #close()} powers the board off. */
    public void awaitPowerOff() throws InterruptedException {
        poweredOff.await();
    }

    /** Powers off: closes the UART and its client and stops the firmware. Idempotent. */
    @Override
    public void close() {
        if (off) {
            return;
        }
        off = true;
        uart.close();
        firmware.interrupt();
        try {
            firmware.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poweredOff.countDown();
    }

    private void onUartLine(String line) {
        String command = line.strip();
        if (command.equals("start")) {
            startSignal.countDown();
        } else if (command.equals("reset")) {
            startSignal = new CountDownLatch(1); // a 'start' after 'reset' belongs to the next boot
            resetRequested = true;
            firmware.interrupt();
        } else if (command.isEmpty()) {
            // an empty line is a poke: answer with the prompt, as a board's CLI would
            uart.write(PROMPT.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private void firmwareMain() {
        if (attachWaitMs > 0) {
            try {
                uart.awaitFirstClient(attachWaitMs); // then boots anyway, unheard
            } catch (InterruptedException e) {
                if (off) {
                    return; // powered off before anyone attached
                }
                // a 'reset' from the first client, read before this thread woke: it asks for the boot that follows
                resetRequested = false;
                Thread.interrupted();
            }
        }
        while (!off) {
            try {
                boot();
                return; // boot() only returns when the firmware is done, which it never is
            } catch (Console.Reboot reboot) {
                if (faults.fallbackImage() != null) bootImage = faults.fallbackImage(); // --fall-back-to: once
                startSignal = new CountDownLatch(1); // --reboot-loop: boot again, waiting for a new 'start'
            } catch (InterruptedException e) {
                if (off) {
                    return;
                }
                if (!resetRequested) {
                    return;
                }
            }
            resetRequested = false;
            Thread.interrupted();
        }
    }

    /** One boot, up to the idle loop. */
    private void boot() throws InterruptedException {
        CountDownLatch start = startSignal;
        boots.incrementAndGet();
        console.boot();
        console.line("Qualify virtual board " + BoardVersion.get() + " booting");
        FirmwareImage image;
        try {
            image = FirmwareImage.read(bootImage == null ? config.flash() : bootImage);
        } catch (ImageException e) {
            console.line("ERROR: cannot boot: no valid firmware image in flash: " + e.getMessage());
            Console.halt();
            return;
        }
        List<String> enabled = image.enabledSwitches();
        console.line("Image " + image.sha256().substring(0, 12) + " built " + image.buildTime() + " by board "
                + image.boardVersion() + ", enabled: " + (enabled.isEmpty() ? "none" : String.join(", ", enabled)));
        long delay = image.macros().integer("TEST_START_DELAY_MS", 5000);
        console.line("Waiting for 'start' on UART (TEST_START_DELAY_MS=" + delay + ")");
        boolean commanded = start.await(delay, TimeUnit.MILLISECONDS);
        console.line(commanded ? "Received 'start'" : "TEST_START_DELAY_MS elapsed");
        if (enabled.contains("OTA_E2E_TEST_ENABLED")) {
            // FLIT's RunOtaE2eDemo(): the OTA agent runs until the board reboots into another image
            if (new dev.qualify.samples.virtualboard.ota.OtaAgent(image.macros(), config.flash(), console::line).run()) {
                throw new Console.Reboot();
            }
            Console.halt();
        }
        runTests(image, enabled);
        if (enabled.contains("DEVICE_ADVISOR_TEST_ENABLED")) { // RunDeviceAdvisorDemo(): runs until reset
            dev.qualify.samples.virtualboard.advisor.AdvisorBoard.run(image.macros(), this::demoLine);
        }
        Console.halt();
    }

    private void demoLine(String text) {
        try {
            console.line(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** FLIT's RunQualificationTest(): the enabled groups, in FLIT order, as one Unity run. */
    private void runTests(FirmwareImage image, List<String> enabled) throws InterruptedException {
        List<TestGroup> groups = new ArrayList<>();
        SecureElement secureElement = null;
        if (enabled.contains("TRANSPORT_INTERFACE_TEST_ENABLED")) {
            String rootCa = image.macros().get("ECHO_SERVER_ROOT_CA");
            boolean tls = rootCa != null && !rootCa.equals("NULL");
            PlaintextTransport transport = tls
                    ? TlsTransport.create(CONNECT_TIMEOUT_MS, RECV_TIMEOUT_MS, rootCa,
                            image.macros().get("TRANSPORT_CLIENT_CERTIFICATE"),
                            image.macros().get("TRANSPORT_CLIENT_PRIVATE_KEY"), faults.wrongTlsCert())
                    : new PlaintextTransport(CONNECT_TIMEOUT_MS, RECV_TIMEOUT_MS);
            String host = image.macros().get("ECHO_SERVER_ENDPOINT");
            int port = (int) image.macros().integer("ECHO_SERVER_PORT", 9000);
            boolean writev = image.macros().defined("TRANSPORT_TEST_EXECUTE_WRITEV_TESTS"); // FLIT: #ifdef
            groups.add(new TransportInterfaceTests(transport, host, port, config.networkDelayMs(), writev).group());
        }
        if (enabled.contains("OTA_PAL_TEST_ENABLED")) {
            groups.add(otaPalGroup(image));
        }
        if (enabled.contains("MQTT_TEST_ENABLED")) {
            groups.add(new dev.qualify.samples.virtualboard.mqtt.MqttTests(image.macros()).group());
        }
        if (enabled.contains("CORE_PKCS11_TEST_ENABLED")) {
            boolean preprovisioned = image.macros().enabled("PKCS11_TEST_PREPROVISIONED_SUPPORT");
            groups.addAll(new Pkcs11Tests(new Cryptoki(), preprovisioned).groups());
            secureElement = Pkcs11Board.objectGroups(console::line, config.flash(), image.macros(), groups);
        }
        UnityRunner runner = new UnityRunner(console,
                (group, name) -> BoardConfig.names(config.failCases(), group, name),
                (group, name) -> BoardConfig.names(config.ignoreCases(), group, name));
        console.expectResults(groups.stream().mapToInt(g -> g.cases().size()).sum());
        console.startMarker(START_MARKER);
        try {
            for (TestGroup group : groups) {
                runner.run(group);
            }
            runner.end();
            console.line(END_MARKER);
        } finally {
            if (secureElement != null) {
                secureElement.close();
            }
        }
    }

    /** FLIT's RunOtaPalTest() on the board's OTA PAL, configured from the image's macros. */
    private TestGroup otaPalGroup(FirmwareImage image) {
        Macros m = image.macros();
        int certType = (int) m.integer("OTA_PAL_TEST_CERT_TYPE", 3);
        OtaPal pal = new OtaPal(config.flash(), certType, faults.badOtaSignature());
        String cert = m.get("OTA_PAL_CERTIFICATE_FILE");
        String firmware = m.get("OTA_PAL_FIRMWARE_FILE");
        return new OtaPalTests(pal, cert == null ? "ota_signer_pub" : cert,
                firmware == null ? "ota_firmware.bin" : firmware, m.integer("OTA_PAL_USE_FILE_SYSTEM", 1) == 1,
                m.get("OTA_PAL_CODE_SIGNER_CERTIFICATE"), m.get("OTA_PAL_TEST_VALID_SIGNATURE"),
                m.get("OTA_PAL_TEST_INVALID_SIGNATURE")).group();
    }

    /** Every test case name the board knows, for validating {@code --fail-case} and {@code --ignore-case}. */
    public static List<String> knownCases() {
        List<String> all = new ArrayList<>();
        TransportInterfaceTests.CASES.forEach(c -> all.add("Full_TransportInterfaceTest." + c));
        TransportInterfaceTests.WRITEV_CASES.forEach(c -> all.add("Full_TransportInterfaceTest." + c));
        OtaPalTests.CASES.forEach(c -> all.add("Full_OTA_PAL." + c));
        dev.qualify.samples.virtualboard.mqtt.MqttTests.CASES.forEach(c -> all.add(dev.qualify.samples.virtualboard.mqtt.MqttTests.GROUP + "." + c));
        Pkcs11Tests.CASES.forEach((group, cases) -> cases.forEach(c -> all.add(group + "." + c)));
        SecureElement.CASES.forEach((group, cases) -> cases.forEach(c -> all.add(group + "." + c)));
        return all;
    }
}
