package dev.qualify.suites.freertos.groups;

import dev.qualify.api.cloud.DeviceCredentials;
import dev.qualify.api.cloud.NeedsEmulatedCloud;
import dev.qualify.api.suite.DeviceRequirement;
import dev.qualify.api.suite.GroupContext;
import dev.qualify.api.suite.Preparation;
import dev.qualify.api.suite.QualificationGroup;
import dev.qualify.suites.freertos.ConfigHeader;
import dev.qualify.suites.freertos.ExecutionMacros;
import dev.qualify.suites.freertos.FlitImage;
import dev.qualify.suites.freertos.advisor.AdvisorRig;
import dev.qualify.suites.freertos.advisor.DeviceAdvisorTests;
import dev.qualify.suites.freertos.echo.Pki;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code FullCloudIoT}: the Device Advisor qualification cases, judged from what the device does on the wire against
 * the emulated cloud. The device's image is FLIT with {@code DEVICE_ADVISOR_TEST_ENABLED} and, in
 * {@code test_param_config.h}, the device's own Device Advisor endpoint ({@code MQTT_SERVER_ENDPOINT},
 * {@code MQTT_SERVER_PORT}), the cloud's root CA ({@code IOT_CORE_ROOT_CA}), a thing provisioned for the run
 * ({@code IOT_THING_NAME}, {@code MQTT_TEST_CLIENT_IDENTIFIER}) and its certificate and key
 * ({@code MQTT_CLIENT_CERTIFICATE}, {@code MQTT_CLIENT_PRIVATE_KEY}, PKCS #8). The device runs
 * {@code RunDeviceAdvisorDemo()} until reset; each case scripts the cloud's misbehaviour towards it (a withheld
 * CONNACK, PUBACK, SUBACK or PINGRESP, a refused or dropped connection, a bad server certificate on its endpoint, an
 * expired session) and judges its packets with {@link dev.qualify.cloud.advisor.DeviceAdvisor}.
 *
 * <p>Requires the emulated cloud (the default; on another cloud it is not run, with the reason). Required, as in IDT,
 * and selected unless the pool declares {@code DeviceAdvisor: "No"} (a board being brought up may leave it out for a
 * while; a qualification then lacks a required group). {@code Security_Device_Policies} judges the policies
 * attached to the thing's certificate in the cloud's registry and what the device asked of them.
 */
@NeedsEmulatedCloud("packet capture, scripted misbehaviour and per-device TLS endpoints")
@QualificationGroup(id = "FullCloudIoT", title = "Device Advisor (cloud IoT)", required = true,
        features = "DeviceAdvisor?", preparation = FullCloudIoTGroup.Image.class, cases = {
        "TLS_Connect", "TLS_Support_AWS_IoT_Cipher_Suites", "TLS_Unsecure_Server_Cert",
        "TLS_Incorrect_Subject_Name_Server_Cert", "TLS_Expired_Server_Cert", "TLS_Large_Size_Server_Cert",
        "TLS_Receive_Maximum_Size_Fragments", "MQTT_Connect", "MQTT_Connect_Jitter_Backoff_Retries",
        "MQTT_Connect_Exponential_Backoff_Retries", "MQTT_Reconnect_Backoff_Retries_On_Server_Disconnect",
        "MQTT_Reconnect_Backoff_Retries_On_Unstable_Connection", "MQTT_Publish", "MQTT_Publish_Retry_No_Puback",
        "MQTT_Subscribe", "MQTT_Subscribe_Retry_No_Suback", "MQTT_Client_Puback_Qos1", "MQTT_No_Ack_PingResp",
        "MQTT_Persistent_Session_Happy_Case", "MQTT_Expired_Persistent_Session", "Shadow_Publish_Reported_State",
        "Shadow_Update_Reported_State", "Job_Execution", "Security_Device_Policies"})
public class FullCloudIoTGroup {
    /** The keep-alive the image asks the device for (the virtual board's equivalent of its demo's setting). */
    public static final int KEEP_ALIVE_SECONDS = 2;

    /** Provisions the thing, opens the device's endpoint and asks for FLIT with the Device Advisor demo. */
    public static final class Image implements Preparation {
        @Override
        public DeviceRequirement requirement(GroupContext group) {
            AdvisorRig rig = group.keep(AdvisorRig.open(group.device().id(), group.cloud()));
            DeviceCredentials c = rig.credentials();
            group.transcript().note("Device Advisor endpoint " + rig.endpoint().endpoint() + " for thing " + c.thingName()
                    + " (emulated cloud; its packets are judged per case)");
            Map<String, String> params = new LinkedHashMap<>();
            params.put("MQTT_SERVER_ENDPOINT", ConfigHeader.cString(rig.endpoint().endpoint().host()));
            params.put("MQTT_SERVER_PORT", "( " + rig.endpoint().endpoint().port() + " )");
            params.put("IOT_THING_NAME", ConfigHeader.cString(c.thingName()));
            params.put("MQTT_TEST_CLIENT_IDENTIFIER", ConfigHeader.cString(rig.clientId()));
            params.put("IOT_CORE_ROOT_CA", Pki.cPem(c.rootCaPem()));
            params.put("MQTT_CLIENT_CERTIFICATE", Pki.cPem(c.certificatePem()));
            params.put("MQTT_CLIENT_PRIVATE_KEY", Pki.cPem(c.privateKeyPem()));
            params.put("DEVICE_ADVISOR_KEEP_ALIVE_SECONDS", "( " + KEEP_ALIVE_SECONDS + " )");
            params.put("DEVICE_ADVISOR_TRIGGER_TOPIC", ConfigHeader.cString(rig.settings().triggerTopic()));
            return FlitImage.of(group, List.of(ExecutionMacros.DEVICE_ADVISOR), params);
        }
    }

    @TestFactory
    Stream<DynamicTest> advisorCases(GroupContext group) {
        return DeviceAdvisorTests.run(group, AdvisorRig.of(group.device().id()));
    }
}
