package dev.qualify.cloud.advisor;

/**
 * Settings of the cases, as Device Advisor's test configuration has them.
 *
 * @param triggerTopic   the topic the broker publishes to for the PUBACK and fragment cases ({@code TRIGGER_TOPIC})
 * @param thingName      the device's thing (for shadow and jobs topics)
 * @param minRetries     connect retries the backoff cases need at least (Device Advisor: 5)
 * @param fragmentBytes  the payload size of {@code TLS_Receive_Maximum_Size_Fragments} (at least one full 16 KiB
 *                       TLS record)
 * @param policies       the policies attached to the device's certificate ({@code Security_Device_Policies})
 */
public record AdvisorSettings(String triggerTopic, String thingName, int minRetries, int fragmentBytes,
                              DevicePolicies policies) {
    /** A full TLS record's plaintext (RFC 8446 §5.1). */
    public static final int MAX_TLS_RECORD = 16 * 1024;

    public AdvisorSettings {
        if (policies == null) policies = DevicePolicies.UNKNOWN;
    }

    /** Settings without the device's policies ({@code Security_Device_Policies} is then not exercised). */
    public AdvisorSettings(String triggerTopic, String thingName, int minRetries, int fragmentBytes) {
        this(triggerTopic, thingName, minRetries, fragmentBytes, DevicePolicies.UNKNOWN);
    }

    public static AdvisorSettings defaults(String thingName) {
        return new AdvisorSettings(thingName + "/advisor/trigger", thingName, 5, MAX_TLS_RECORD + 1024);
    }

    /** These settings with the policies attached to the device's certificate. */
    public AdvisorSettings withPolicies(DevicePolicies p) {
        return new AdvisorSettings(triggerTopic, thingName, minRetries, fragmentBytes, p);
    }
}
