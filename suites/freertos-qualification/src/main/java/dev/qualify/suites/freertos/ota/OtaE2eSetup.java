package dev.qualify.suites.freertos.ota;

import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.OtaUpdates;
import dev.qualify.api.device.Builder;
import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.suite.FirmwareImage;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.suites.freertos.ConfigHeader;
import dev.qualify.suites.freertos.ExecutionMacros;
import dev.qualify.suites.freertos.FlitImage;
import dev.qualify.suites.freertos.echo.Pki;
import dev.qualify.suites.freertos.groups.OtaCoreGroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What an OTA end-to-end group sets up once on its device: a thing in the run's cloud with its credentials, the
 * code signer (and an untrusted one), the base version (the project's {@code OTA_APP_VERSION_*}), and the update
 * images, each built once with the device's build command and cached. The images differ from the flashed one only
 * in {@code OTA_APP_VERSION_*} and, for two cases, in a fault: {@link Variant#UNREACHABLE} (an
 * {@code MQTT_SERVER_PORT} nobody listens on: the image cannot connect after the update) and
 * {@link Variant#CRASHING} ({@code QUALIFY_OTA_CRASH_ON_BOOT (1)}: the port's application crashes at start-up).
 *
 * <p>The group's preparation makes it and its tests find it again by the group's work directory (the engine gives
 * one per device and group); it is forgotten when the group ends.
 */
public final class OtaE2eSetup {
    /** The variants of an update image. */
    public enum Variant { NORMAL, UNREACHABLE, CRASHING }

    private static final Map<Path, OtaE2eSetup> BY_WORK_DIR = new ConcurrentHashMap<>();

    private final GroupContext group;
    private final OtaUpdates ota;
    private final DeviceCredentials credentials;
    private final OtaCoreGroup.Settings settings;
    private final OtaSigner signer;
    private final OtaSigner untrusted;
    private final OtaVersion base;
    private final int closedPort;
    /** The update images by source identity: built, or being built (ahead, or by the case that needs it). */
    private final Map<String, CompletableFuture<Path>> images = new ConcurrentHashMap<>();
    private ExecutorService ahead;

    private OtaE2eSetup(GroupContext group) {
        this.group = group;
        this.ota = group.cloud().unwrap(OtaUpdates.class).orElseThrow(() -> new SettingsException("cloud",
                "the " + group.cloud().type() + " cloud offers no OTA updates (jobs and MQTT streams)",
                "run " + group.group().id() + " with the emulated cloud (cloud: {type: emulated}, the default)"));
        this.settings = OtaCoreGroup.Settings.of(group.parameters().values(), group.parameters().baseDir());
        this.signer = OtaSigner.of(settings, group.workDir().resolve("ota-signing"));
        this.untrusted = OtaSigner.untrusted(settings, group.workDir().resolve("ota-signing-untrusted"));
        this.credentials = group.cloud().provisionThing("qualify-ota-" + group.device().id().replaceAll("[^A-Za-z0-9_-]", "-"));
        Path source = group.parameters().path("sourcePath").orElseThrow();
        this.base = OtaVersion.of(source.resolve("Common/config/test_param_config.h"));
        this.closedPort = closedPort();
    }

    /** Made by the group's preparation. */
    public static OtaE2eSetup create(GroupContext group) {
        OtaE2eSetup s = new OtaE2eSetup(group);
        BY_WORK_DIR.put(group.workDir(), s);
        group.keep(() -> BY_WORK_DIR.remove(group.workDir()));
        return s;
    }

    /** The setup the preparation made for this group. */
    public static OtaE2eSetup of(GroupContext group) {
        OtaE2eSetup s = BY_WORK_DIR.get(group.workDir());
        if (s == null) throw new IllegalStateException("the OTA setup of " + group.group().id() + " was not prepared");
        return s;
    }

    /**
     * The image the engine flashes: the base version with {@code OTA_E2E_TEST_ENABLED}; notes the setup and starts
     * building the update images the selected cases will need ({@link #buildAhead}).
     */
    public FirmwareImage baseImage(String protocol) {
        group.transcript().note("OTA end to end over " + protocol + ": thing " + thingName() + ", base version " + base
                + ", code signer " + signer.certificate().getSubjectX500Principal().getName() + " ("
                + signer.signatureKey() + ")");
        FirmwareImage flashed = image(base, Variant.NORMAL);
        buildAhead(OtaImagePlan.of(OtaE2eCases.selected(group), base, protocol));
        return flashed;
    }

    private FirmwareImage image(OtaVersion version, Variant variant) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MQTT_SERVER_ENDPOINT", ConfigHeader.cString(credentials.endpoint().host()));
        p.put("MQTT_SERVER_PORT", "( " + (variant == Variant.UNREACHABLE ? closedPort : credentials.endpoint().port()) + " )");
        p.put("IOT_THING_NAME", ConfigHeader.cString(credentials.thingName()));
        p.put("MQTT_TEST_CLIENT_IDENTIFIER", ConfigHeader.cString(credentials.thingName()));
        p.put("IOT_CORE_ROOT_CA", Pki.cPem(credentials.rootCaPem()));
        p.put("MQTT_CLIENT_CERTIFICATE", Pki.cPem(credentials.certificatePem()));
        p.put("MQTT_CLIENT_PRIVATE_KEY", Pki.cPem(credentials.privateKeyPem()));
        p.put("OTA_PAL_TEST_CERT_TYPE", "( " + settings.certType() + " )");
        p.put("OTA_PAL_CODE_SIGNER_CERTIFICATE", Pki.cPem(Pki.pem(signer.certificate())));
        if (settings.certificateFile() != null) p.put("OTA_PAL_CERTIFICATE_FILE", ConfigHeader.cString(settings.certificateFile()));
        p.put("OTA_APP_VERSION_MAJOR", "( " + version.major() + " )");
        p.put("OTA_APP_VERSION_MINOR", "( " + version.minor() + " )");
        p.put("OTA_APP_VERSION_BUILD", "( " + version.build() + " )");
        p.put("QUALIFY_OTA_CRASH_ON_BOOT", "( " + (variant == Variant.CRASHING ? 1 : 0) + " )");
        return FlitImage.of(group, List.of(ExecutionMacros.OTA_E2E), p);
    }

    /**
     * Starts building {@code plan}'s images, one after the other on a background thread that ends with the group,
     * so the cases find them built; see {@link OtaImagePlan}. A build that fails is reported by the case that needs
     * the image.
     */
    void buildAhead(List<OtaImagePlan.Image> plan) {
        if (plan.isEmpty()) return;
        ahead = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ota-images-" + group.device().id());
            t.setDaemon(true);
            return t;
        });
        group.keep(ahead::shutdownNow);
        group.transcript().note("OTA: building " + plan.size() + " update image(s) ahead: " + plan.stream()
                .map(i -> i.version() + (i.variant() == Variant.NORMAL ? "" : " (" + i.variant() + ")")).toList());
        for (OtaImagePlan.Image i : plan) {
            ahead.execute(() -> {
                try {
                    build(i.version(), i.variant(), " ahead of its case");
                } catch (RuntimeException e) {
                    // kept in the image's future: the case that needs it reports it
                }
            });
        }
    }

    /**
     * The update image file of {@code version}, built once with the device's build command (waits for it when it is
     * being built ahead).
     */
    public Path updateImage(OtaVersion version, Variant variant) {
        try {
            return build(version, variant, "").join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    private CompletableFuture<Path> build(OtaVersion version, Variant variant, String how) {
        FirmwareImage image = image(version, variant);
        CompletableFuture<Path> mine = new CompletableFuture<>();
        CompletableFuture<Path> known = images.putIfAbsent(image.identity(), mine);
        if (known != null) return known;
        Path dir = group.workDir().resolve("ota-images").resolve(version + "-" + variant.name().toLowerCase());
        try {
            Path tree = image.source().write(Files.createDirectories(dir.resolve("src")));
            group.transcript().note("OTA: building the update image " + version + " (" + variant + ")" + how);
            mine.complete(group.device().require(Builder.class).build(tree, dir.resolve(image.imageName())));
        } catch (IOException e) {
            mine.completeExceptionally(new UncheckedIOException("cannot write the source of OTA image " + version, e));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        }
        return mine;
    }

    public OtaUpdates ota() {
        return ota;
    }

    public String thingName() {
        return credentials.thingName();
    }

    public OtaSigner signer() {
        return signer;
    }

    public OtaSigner untrustedSigner() {
        return untrusted;
    }

    /** {@code files[0].certfile} of the job documents. */
    public String certFile() {
        return settings.certificateFile() == null ? "ota_signer_pub" : settings.certificateFile();
    }

    /** {@code files[0].filepath} of the job documents. */
    public String filePath() {
        return settings.firmwareFile() == null ? "ota_firmware.bin" : settings.firmwareFile();
    }

    /** The version of the flashed image. */
    public OtaVersion baseVersion() {
        return base;
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pick a closed port", e);
        }
    }
}
