package dev.qualify.cloud.advisor;

import java.util.Optional;

/** The Device Advisor qualification cases Qualify judges, with their Device Advisor test ids and names. */
public enum AdvisorCase {
    TLS_CONNECT("TLS_Connect", "TLS Connect"),
    TLS_CIPHER_SUITES("TLS_Support_AWS_IoT_Cipher_Suites", "Device support for AWS IoT recommended cipher suites"),
    TLS_UNSECURE_SERVER_CERT("TLS_Unsecure_Server_Cert", "Server certificate not signed by a recognized CA"),
    TLS_INCORRECT_SUBJECT_NAME("TLS_Incorrect_Subject_Name_Server_Cert", "Incorrect subject name on the server certificate"),
    TLS_EXPIRED_SERVER_CERT("TLS_Expired_Server_Cert", "Expired server certificate"),
    TLS_LARGE_SERVER_CERT("TLS_Large_Size_Server_Cert", "TLS large size server certificate"),
    TLS_MAX_FRAGMENTS("TLS_Receive_Maximum_Size_Fragments", "TLS receive maximum size fragments"),
    MQTT_CONNECT("MQTT_Connect", "Device sends CONNECT"),
    MQTT_CONNECT_JITTER_BACKOFF("MQTT_Connect_Jitter_Backoff_Retries", "Connect retries with jitter backoff, no CONNACK"),
    MQTT_CONNECT_EXPONENTIAL_BACKOFF("MQTT_Connect_Exponential_Backoff_Retries", "Connect retries with exponential backoff"),
    MQTT_RECONNECT_SERVER_DISCONNECT("MQTT_Reconnect_Backoff_Retries_On_Server_Disconnect",
            "Reconnect with backoff after the server refuses"),
    MQTT_RECONNECT_UNSTABLE("MQTT_Reconnect_Backoff_Retries_On_Unstable_Connection",
            "Reconnect with backoff on an unstable connection"),
    MQTT_PUBLISH("MQTT_Publish", "QoS 0 publish"),
    MQTT_PUBLISH_RETRY_NO_PUBACK("MQTT_Publish_Retry_No_Puback", "QoS 1 publish retried without a PUBACK"),
    MQTT_SUBSCRIBE("MQTT_Subscribe", "Can subscribe"),
    MQTT_SUBSCRIBE_RETRY_NO_SUBACK("MQTT_Subscribe_Retry_No_Suback", "Subscribe retried without a SUBACK"),
    MQTT_CLIENT_PUBACK_QOS1("MQTT_Client_Puback_Qos1", "PUBACK for a QoS 1 message"),
    MQTT_NO_ACK_PINGRESP("MQTT_No_Ack_PingResp", "Keep-alive: no PINGRESP"),
    MQTT_PERSISTENT_SESSION("MQTT_Persistent_Session_Happy_Case", "Persistent session"),
    MQTT_EXPIRED_PERSISTENT_SESSION("MQTT_Expired_Persistent_Session", "Persistent session expired"),
    SHADOW_PUBLISH_REPORTED_STATE("Shadow_Publish_Reported_State", "Device publishes its state after connecting"),
    SHADOW_UPDATE_REPORTED_STATE("Shadow_Update_Reported_State", "Device updates reported state to desired"),
    JOB_EXECUTION("Job_Execution", "Device completes a job execution"),
    SECURITY_DEVICE_POLICIES("Security_Device_Policies", "Device certificate attached policies don't contain wildcards");

    private final String id;
    private final String title;

    AdvisorCase(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The Device Advisor test id, e.g. {@code MQTT_Connect}. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The case of a Device Advisor test id. */
    public static Optional<AdvisorCase> byId(String id) {
        for (AdvisorCase c : values()) if (c.id.equals(id)) return Optional.of(c);
        return Optional.empty();
    }
}
