package dev.qualify.samples.virtualboard.advisor;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --da-*} options of {@code virtual-board run}: the Device Advisor demo's misbehaviours. */
public final class AdvisorOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--da-backoff", defaultValue = "JITTER", paramLabel = "SCHEDULE",
            description = "Delays between CONNECT attempts whose CONNACK never came: JITTER (default, exponential with"
                    + " jitter), EXPONENTIAL (no jitter: a warning), LINEAR (a fixed step: not exponential).")
    AdvisorFaults.Schedule connectBackoff;

    @Option(names = "--da-reconnect-backoff", defaultValue = "JITTER", paramLabel = "SCHEDULE",
            description = "Delays after a refused CONNECT: ${COMPLETION-CANDIDATES}.")
    AdvisorFaults.Schedule reconnectBackoff;

    @Option(names = "--da-drop-backoff", defaultValue = "JITTER", paramLabel = "SCHEDULE",
            description = "Delays after an accepted connection dropped: ${COMPLETION-CANDIDATES}.")
    AdvisorFaults.Schedule dropBackoff;

    @Option(names = "--da-subscribe-outside-policy",
            description = "Also subscribes to '#', which the device's scoped policy does not allow.")
    boolean subscribeOutsidePolicy;

    @Option(names = "--da-new-packet-id-on-retry", description = "A re-sent QoS 1 PUBLISH gets a new packet id.")
    boolean newPacketIdOnRetry;

    @Option(names = "--da-retry-after-reconnect",
            description = "An unacknowledged PUBLISH is re-sent only after reconnecting, not on the same connection.")
    boolean retryAfterReconnect;

    @Option(names = "--da-new-subscribe-id-on-retry", description = "A re-sent SUBSCRIBE gets a new packet id.")
    boolean newSubscribeIdOnRetry;

    @Option(names = "--da-resubscribe-on-resume", description = "Subscribes again although the session was resumed.")
    boolean resubscribeOnResume;

    @Option(names = "--da-never-resubscribe", description = "Subscribes only once per boot, even when the session expired.")
    boolean neverResubscribe;

    @Option(names = "--da-no-pingreq", description = "Never sends PINGREQ.")
    boolean noPingreq;

    @Option(names = "--da-no-puback", description = "Never PUBACKs a QoS 1 PUBLISH it receives.")
    boolean noPuback;

    @Option(names = "--da-no-qos0", description = "Publishes at QoS 1 only.")
    boolean noQos0;

    @Option(names = "--da-trust-any-ca", description = "Accepts a server certificate from any issuer.")
    boolean trustAnyCa;

    @Option(names = "--da-no-hostname-check", description = "Does not check the server certificate's name.")
    boolean noHostnameCheck;

    @Option(names = "--da-accept-expired", description = "Accepts an expired server certificate.")
    boolean acceptExpired;

    @Option(names = "--da-small-tls-buffer",
            description = "A 4 KiB TLS input buffer: a larger server certificate chain breaks the handshake.")
    boolean smallTlsBuffer;

    @Option(names = "--da-small-mqtt-buffer",
            description = "A 5,000-byte network buffer: a larger incoming MQTT packet drops the connection.")
    boolean smallMqttBuffer;

    @Option(names = "--da-unrecommended-cipher-suites",
            description = "Offers TLS 1.2 with TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 only: AWS IoT Core accepts it, but it"
                    + " is no suite Device Advisor recommends.")
    boolean legacyCipherSuites;

    @Option(names = "--da-no-shadow", description = "Never reports its state to its shadow.")
    boolean noShadow;

    @Option(names = "--da-ignore-delta", description = "Does not act on shadow deltas.")
    boolean ignoreDelta;

    @Option(names = "--da-no-jobs", description = "Ignores jobs.")
    boolean noJobs;

    /**
     * The misbehaviours chosen.
     *
     * @throws CommandLine.ParameterException for {@code --da-backoff CONSTANT}: no backoff at all is the mistake of
     *                                        both connect-backoff cases, not of one
     */
    public AdvisorFaults faults() {
        if (connectBackoff == AdvisorFaults.Schedule.CONSTANT) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--da-backoff CONSTANT is not a choice: a constant"
                    + " CONNECT retry delay fails both connect-backoff cases; use EXPONENTIAL (no jitter) or LINEAR (not"
                    + " exponential), each the mistake of one case");
        }
        return new AdvisorFaults(connectBackoff, reconnectBackoff, dropBackoff, newPacketIdOnRetry, retryAfterReconnect,
                newSubscribeIdOnRetry, resubscribeOnResume, neverResubscribe, noPingreq, noPuback, noQos0, trustAnyCa,
                noHostnameCheck, acceptExpired, smallTlsBuffer, smallMqttBuffer, legacyCipherSuites, noShadow, ignoreDelta,
                noJobs, subscribeOutsidePolicy);
    }
}
