package dev.qualify.samples.virtualboard.advisor;

import dev.qualify.samples.virtualboard.Macros;

import java.util.function.Consumer;

/**
 * The board's {@code DEVICE_ADVISOR_TEST_ENABLED} image: reads the cloud's endpoint and the device's credentials from
 * the image's {@code test_param_config.h} macros (FLIT's names) and runs {@link DeviceAdvisorDemo} until reset.
 * The board equivalents of a real port's demo settings are {@value #KEEP_ALIVE} (seconds, default 60) and
 * {@value #TRIGGER_TOPIC} (default {@code <thing>/advisor/trigger}).
 */
public final class AdvisorBoard {
    public static final String KEEP_ALIVE = "DEVICE_ADVISOR_KEEP_ALIVE_SECONDS";
    public static final String TRIGGER_TOPIC = "DEVICE_ADVISOR_TRIGGER_TOPIC";
    private static volatile AdvisorFaults faults = AdvisorFaults.NONE;

    private AdvisorBoard() {
    }

    /** The {@code --da-*} misbehaviours of this board process. */
    public static void configure(AdvisorFaults f) {
        faults = f;
    }

    /** Runs the demo; returns only by interruption (reset, power-off). */
    public static void run(Macros m, Consumer<String> log) throws InterruptedException {
        // Netty logs through the JDK (INFO and up), not through whatever SLF4J binding the class path has
        io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.netty.util.internal.logging.JdkLoggerFactory.INSTANCE);
        String thing = m.get("IOT_THING_NAME");
        String host = m.get("MQTT_SERVER_ENDPOINT");
        if (thing == null || host == null || m.get("IOT_CORE_ROOT_CA") == null) {
            log.accept("DA: ERROR: IOT_THING_NAME, MQTT_SERVER_ENDPOINT and IOT_CORE_ROOT_CA must be set in test_param_config.h");
            return;
        }
        String clientId = m.get("MQTT_TEST_CLIENT_IDENTIFIER") != null ? m.get("MQTT_TEST_CLIENT_IDENTIFIER") : thing;
        DeviceAdvisorDemo.Settings s = new DeviceAdvisorDemo.Settings(host, (int) m.integer("MQTT_SERVER_PORT", 8883), clientId,
                thing, (int) m.integer(KEEP_ALIVE, 60), m.get(TRIGGER_TOPIC) != null ? m.get(TRIGGER_TOPIC) : thing + "/advisor/trigger");
        io.netty.handler.ssl.SslContext tls;
        try {
            tls = DeviceTls.context(m.get("IOT_CORE_ROOT_CA"), m.get("MQTT_CLIENT_CERTIFICATE"), m.get("MQTT_CLIENT_PRIVATE_KEY"), faults);
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            log.accept("DA: ERROR: bad credentials in test_param_config.h: " + e.getMessage());
            return;
        }
        log.accept("DA: RunDeviceAdvisorDemo: " + clientId + " to " + host + ":" + s.port() + ", keep-alive " + s.keepAlive() + " s");
        new DeviceAdvisorDemo(s, tls, faults, log).run();
    }
}
