package dev.qualify.suites.freertos.ota;

import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.OtaUpdates;
import dev.qualify.api.device.Builder;
import dev.qualify.api.device.InfrastructureException;
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
import java.util.concurrent.ConcurrentHashMap;

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
    private final Map<String, Path> images = new ConcurrentHashMap<>();

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

    /** The image the engine flashes: the base version with {@code OTA_E2E_TEST_ENABLED}; notes the setup. */
    public FirmwareImage baseImage(String protocol) {
        group.transcript().note("OTA end to end over " + protocol + ": thing " + thingName() + ", base version " + base
                + ", code signer " + signer.certificate().getSubjectX500Principal().getName() + " ("
                + signer.signatureKey() + ")");
        return image(base, Variant.NORMAL);
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

    /** The bytes of the update image of {@code version}, built once with the device's build command. */
    public byte[] updateImage(OtaVersion version, Variant variant) {
        FirmwareImage image = image(version, variant);
        Path built = images.computeIfAbsent(image.identity(), id -> {
            Path dir = group.workDir().resolve("ota-images").resolve(version + "-" + variant.name().toLowerCase());
            try {
                Path tree = image.source().write(Files.createDirectories(dir.resolve("src")));
                group.transcript().note("OTA: building the update image " + version + " (" + variant + ")");
                return group.device().require(Builder.class).build(tree, dir.resolve(image.imageName()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the source of OTA image " + version, e);
            }
        });
        try {
            return Files.readAllBytes(built);
        } catch (IOException e) {
            throw new InfrastructureException("build-failed", "the OTA image " + built + " cannot be read: " + e.getMessage());
        }
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
