package dev.qualify.suites.freertos.groups;

import dev.qualify.api.cloud.AuditFinding;
import dev.qualify.api.cloud.AuditTrail;
import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.NeedsEmulatedCloud;
import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.suites.freertos.ConfigHeader;
import dev.qualify.suites.freertos.ExecutionMacros;
import dev.qualify.suites.freertos.FlitImage;
import dev.qualify.suites.freertos.UnityDeviceTests;
import dev.qualify.suites.freertos.cloud.MqttObserver;
import dev.qualify.suites.freertos.echo.Pki;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code FullMQTT}: FLIT's MQTT test ({@code MQTT_TEST_ENABLED}, Unity group {@code MqttTest}) against the run's
 * broker, whatever {@code cloud.type} is. The device gets the broker's endpoint and CA and its own login from
 * {@link dev.qualify.api.cloud.Cloud#provisionThing} (its thing name and client id are its device id) in
 * {@code test_param_config.h}: {@code MQTT_SERVER_ENDPOINT}, {@code MQTT_SERVER_PORT},
 * {@code MQTT_TEST_CLIENT_IDENTIFIER}, {@code IOT_THING_NAME}, {@code IOT_CORE_ROOT_CA},
 * {@code MQTT_CLIENT_CERTIFICATE}, {@code MQTT_CLIENT_PRIVATE_KEY} (PKCS #8), and {@code MQTT_CLIENT_USERNAME} /
 * {@code MQTT_CLIENT_PASSWORD} for a broker with password logins.
 *
 * <p>Two host-side cases follow the device's: {@code MQTT_Broker_Received_Device_Publishes}, through the suite's own
 * MQTT connection ({@link MqttObserver}, subscribed before the device boots): the broker received the device's QoS 0
 * and QoS 1 publishes; and {@code MQTT_No_Audit_Findings}, which reads the emulator's audit findings and so is
 * SKIPPED on any other cloud ({@link NeedsEmulatedCloud}).
 *
 * <p>Optional, and run only on pools that declare the feature {@code MQTT} (a board whose firmware has an MQTT
 * client): FRQ 2.x replaced FullMQTT by Device Advisor; FLIT still has the test, and it is how a lab checks its own
 * broker.
 */
@QualificationGroup(id = "FullMQTT", title = "MQTT against the run's broker", required = false,
        features = "MQTT", preparation = FullMqttGroup.Image.class, cases = {
        "MqttTest.MQTT_Subscribe_Publish_With_Qos_0",
        "MqttTest.MQTT_Subscribe_Publish_With_Qos_1",
        "MqttTest.MQTT_Publish_With_Retain_Flag",
        "MqttTest.MQTT_SubUnsub_Multiple_Topics",
        FullMqttGroup.BROKER_RECEIVED,
        FullMqttGroup.NO_AUDIT_FINDINGS})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class FullMqttGroup {
    static final String BROKER_RECEIVED = "MQTT_Broker_Received_Device_Publishes";
    static final String NO_AUDIT_FINDINGS = "MQTT_No_Audit_Findings";
    /** The audit check a suite's own connection with the device's certificate causes by design. */
    static final String SHARED_CERTIFICATE = "DEVICE_CERTIFICATE_SHARED";

    /** The observer of each running (device, group), by its work directory; removed when the group ends. */
    private static final Map<Path, MqttObserver> OBSERVERS = new ConcurrentHashMap<>();
    /**
     * The thing name (the MQTT client id and topic prefix) the cloud provisioned for each running (device, group):
     * the device's id on the emulator and a broker, {@code <prefix><run>-<device>} on aws-iot.
     */
    private static final Map<Path, String> THINGS = new ConcurrentHashMap<>();

    /** FLIT's topics of the MQTT test for client {@code clientId}. */
    static String topics(String clientId) {
        return clientId + "/iot/integration/test";
    }

    /**
     * Provisions the device's login, subscribes the suite's observer to the device's topics (kept until the group
     * ends) and asks for FLIT with {@code MQTT_TEST_ENABLED} and the broker's address and the login.
     */
    public static final class Image implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            DeviceCredentials c = group.cloud().provisionThing(group.device().id());
            MqttObserver observer = group.keep(MqttObserver.subscribe(c, topics(c.thingName()) + "/#"));
            Path key = group.workDir();
            OBSERVERS.put(key, observer);
            THINGS.put(key, c.thingName());
            group.keep(() -> {
                OBSERVERS.remove(key, observer);
                THINGS.remove(key, c.thingName());
            });
            group.transcript().note("the suite's MQTT connection to the " + group.cloud().type() + " broker at "
                    + c.endpoint() + " watches " + topics(c.thingName()) + "/#");
            Map<String, String> params = new LinkedHashMap<>();
            params.put("MQTT_SERVER_ENDPOINT", ConfigHeader.cString(c.endpoint().host()));
            params.put("MQTT_SERVER_PORT", "( " + c.endpoint().port() + " )");
            params.put("MQTT_TEST_CLIENT_IDENTIFIER", ConfigHeader.cString(c.thingName()));
            params.put("IOT_THING_NAME", ConfigHeader.cString(c.thingName()));
            params.put("IOT_CORE_ROOT_CA", Pki.cPem(c.rootCaPem()));
            params.put("MQTT_CLIENT_CERTIFICATE", c.hasCertificate() ? Pki.cPem(c.certificatePem()) : "NULL");
            params.put("MQTT_CLIENT_PRIVATE_KEY", c.hasCertificate() ? Pki.cPem(c.privateKeyPem()) : "NULL");
            params.put("MQTT_CLIENT_USERNAME", c.username() != null ? ConfigHeader.cString(c.username()) : "NULL");
            params.put("MQTT_CLIENT_PASSWORD", c.password() != null ? ConfigHeader.cString(c.password()) : "NULL");
            return FlitImage.of(group, List.of(ExecutionMacros.MQTT), params);
        }
    }

    /** The device cases, as {@code MqttTest.<case>}. */
    static List<String> unityCases(GroupContext group) {
        return group.group().cases().stream().filter(c -> c.startsWith("MqttTest.")).toList();
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> deviceCases(GroupContext group) {
        return UnityDeviceTests.run(group, unityCases(group));
    }

    @Test
    @Order(2)
    void MQTT_Broker_Received_Device_Publishes(GroupContext group) throws InterruptedException {
        MqttObserver observer = OBSERVERS.get(group.workDir());
        if (observer == null) fail("the suite's MQTT connection was not set up for this group");
        String base = topics(THINGS.getOrDefault(group.workDir(), group.device().id()));
        for (int qos = 0; qos <= 1; qos++) {
            String topic = base + "/qos" + qos;
            boolean seen = observer.await(m -> m.topic().equals(topic), group.scaled(Duration.ofSeconds(10)));
            assertTrue(seen, "the broker did not deliver the device's QoS " + qos + " publish on " + topic
                    + " to the suite's own connection; it received " + observer.received().stream()
                    .map(MqttObserver.Message::topic).distinct().toList());
        }
        group.transcript().note("the suite's connection received " + observer.received().size()
                + " messages of the device on " + base + "/#");
    }

    @Test
    @Order(3)
    @NeedsEmulatedCloud("audit findings")
    void MQTT_No_Audit_Findings(GroupContext group) {
        AuditTrail audit = group.cloud().unwrap(AuditTrail.class)
                .orElseThrow(() -> new IllegalStateException("the emulated cloud has no audit trail"));
        String thing = THINGS.getOrDefault(group.workDir(), group.device().id());
        List<AuditFinding> mine = audit.auditFindings().stream()
                .filter(f -> !f.check().equals(SHARED_CERTIFICATE))
                .filter(f -> f.subject().equals(thing) || f.subject().startsWith(thing + "-") || f.detail().contains(thing))
                .toList();
        assertTrue(mine.isEmpty(), "the emulated cloud's audit found: " + mine);
    }
}
