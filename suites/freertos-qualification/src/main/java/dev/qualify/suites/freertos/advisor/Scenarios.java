package dev.qualify.suites.freertos.advisor;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.fault.BadServerCertificate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The set-up of every case, after Device Advisor's: most cases start by dropping the device's connection so that
 * what it does next (handshake, CONNECT, retries) falls inside the case's window.
 */
public final class Scenarios {
    /**
     * CONNACKs withheld, refusals and drops scripted for the backoff cases: Device Advisor withholds 5; one more
     * makes the jitter judgement sure (a jittered device is taken for a fixed schedule about once in a thousand
     * runs with 6 delays, five times more often with 5).
     */
    public static final int RETRIES = 6;
    private static final Duration SHORT = Duration.ofSeconds(15);
    private static final Duration BACKOFF = Duration.ofSeconds(45);
    private static final AtomicInteger JOBS = new AtomicInteger();

    private Scenarios() {
    }

    /** The scenario of every case, in Device Advisor's order. */
    public static Map<AdvisorCase, Scenario> all(int keepAliveSeconds) {
        Map<AdvisorCase, Scenario> m = new EnumMap<>(AdvisorCase.class);
        Scenario.Step reconnect = AdvisorRig::disconnect;
        put(m, Scenario.of(AdvisorCase.TLS_CONNECT, SHORT, reconnect));
        put(m, Scenario.of(AdvisorCase.TLS_CIPHER_SUITES, SHORT, reconnect));
        put(m, badCertificate(AdvisorCase.TLS_UNSECURE_SERVER_CERT, BadServerCertificate.UNTRUSTED_CA));
        put(m, badCertificate(AdvisorCase.TLS_INCORRECT_SUBJECT_NAME, BadServerCertificate.WRONG_NAME));
        put(m, badCertificate(AdvisorCase.TLS_EXPIRED_SERVER_CERT, BadServerCertificate.EXPIRED));
        put(m, badCertificate(AdvisorCase.TLS_LARGE_SERVER_CERT, BadServerCertificate.OVERSIZED));
        put(m, new Scenario(AdvisorCase.TLS_MAX_FRAGMENTS, SHORT, rig -> {
            byte[] payload = new byte[rig.settings().fragmentBytes()];
            Arrays.fill(payload, (byte) 'f');
            rig.publish(rig.settings().triggerTopic(), payload, 1);
        }, Scenarios::forgetUnacknowledged, true));
        put(m, Scenario.of(AdvisorCase.MQTT_CONNECT, SHORT, reconnect));
        put(m, Scenario.of(AdvisorCase.MQTT_CONNECT_JITTER_BACKOFF, BACKOFF, rig -> {
            rig.faults().withholdConnack(RETRIES);
            rig.disconnect();
        }));
        // the same set-up as the jitter case: judged from its attempts when it ran just before (each judges its own
        // property of the same retry delays)
        put(m, new Scenario(AdvisorCase.MQTT_CONNECT_EXPONENTIAL_BACKOFF, BACKOFF, rig -> {
            rig.faults().withholdConnack(RETRIES);
            rig.disconnect();
        }, Scenario.Step.NOTHING, true, AdvisorCase.MQTT_CONNECT_JITTER_BACKOFF));
        put(m, Scenario.of(AdvisorCase.MQTT_RECONNECT_SERVER_DISCONNECT, BACKOFF, rig -> {
            rig.faults().refuseConnect(3, RETRIES); // 3: server unavailable
            rig.disconnect();
        }));
        put(m, Scenario.of(AdvisorCase.MQTT_RECONNECT_UNSTABLE, BACKOFF, rig -> {
            rig.faults().disconnectAfterConnack(RETRIES);
            rig.disconnect();
        }));
        // no reconnect: what the device publishes while connected (its telemetry), not its QoS 0 shadow and jobs
        // requests right after CONNACK
        put(m, Scenario.of(AdvisorCase.MQTT_PUBLISH, SHORT, Scenario.Step.NOTHING));
        // the device publishes QoS 1 telemetry soon after connecting: a reconnect shows a retry without waiting for
        // its next period
        put(m, Scenario.of(AdvisorCase.MQTT_PUBLISH_RETRY_NO_PUBACK, SHORT, rig -> {
            rig.disconnect(); // first, so no PUBLISH of the old connection takes the withheld PUBACK
            rig.faults().withholdPuback(1);
        }));
        put(m, Scenario.of(AdvisorCase.MQTT_SUBSCRIBE, SHORT, Scenarios::expireSession));
        put(m, Scenario.of(AdvisorCase.MQTT_SUBSCRIBE_RETRY_NO_SUBACK, SHORT, rig -> {
            expireSession(rig);
            rig.faults().withholdSuback(1);
        }));
        put(m, Scenario.of(AdvisorCase.MQTT_CLIENT_PUBACK_QOS1, SHORT, rig ->
                rig.publish(rig.settings().triggerTopic(), "{\"advisor\":\"puback\"}".getBytes(StandardCharsets.UTF_8), 1)));
        put(m, new Scenario(AdvisorCase.MQTT_NO_ACK_PINGRESP, Duration.ofSeconds(Math.max(15, 3L * keepAliveSeconds + 5)),
                rig -> rig.faults().withholdPingresp(Integer.MAX_VALUE), Scenario.Step.NOTHING, false));
        put(m, Scenario.of(AdvisorCase.MQTT_PERSISTENT_SESSION, SHORT, rig -> {
            rig.holdOffline(Duration.ofSeconds(5));
            rig.publish(rig.settings().triggerTopic(), "{\"advisor\":\"stored\"}".getBytes(StandardCharsets.UTF_8), 1);
        }));
        put(m, Scenario.of(AdvisorCase.MQTT_EXPIRED_PERSISTENT_SESSION, SHORT, Scenarios::expireSession));
        put(m, Scenario.of(AdvisorCase.SHADOW_PUBLISH_REPORTED_STATE, SHORT, reconnect));
        put(m, Scenario.of(AdvisorCase.SHADOW_UPDATE_REPORTED_STATE, SHORT, rig ->
                rig.cloud().shadows().update(rig.settings().thingName(), null, "{\"state\":{\"desired\":{\"color\":\"green\",\"n\":"
                        + System.nanoTime() % 1000 + "}},\"clientToken\":\"DeviceAdvisorShadowTestCaseSetup\"}")));
        put(m, Scenario.of(AdvisorCase.JOB_EXECUTION, SHORT, rig -> rig.cloud().jobs().createJob(
                "qualify-da-job-" + JOBS.incrementAndGet() + "-" + System.currentTimeMillis(), "{\"operation\":\"advisor-check\"}",
                java.util.List.of(rig.settings().thingName()), dev.qualify.cloud.jobs.JobOptions.DEFAULT)));
        // a fresh session, so the device subscribes again and its whole first use of its policy is in the window
        put(m, Scenario.of(AdvisorCase.SECURITY_DEVICE_POLICIES, SHORT, Scenarios::expireSession));
        return m;
    }

    private static Scenario badCertificate(AdvisorCase c, BadServerCertificate kind) {
        return new Scenario(c, SHORT, rig -> {
            rig.endpoint().serve(kind);
            rig.disconnect();
        }, rig -> rig.endpoint().serveGood(), true);
    }

    /**
     * Undoes a set-up message the device never acknowledged (one too large for its buffer would be redelivered on
     * every reconnect of its session, and cut every later case short): the session is expired.
     */
    private static void forgetUnacknowledged(AdvisorRig rig) throws InterruptedException {
        if (rig.cloud().broker().session(rig.clientId()).map(s -> s.inflightMessages() > 0).orElse(false)) expireSession(rig);
    }

    /** The broker forgets the device's session while it is offline, so its next CONNACK says sessionPresent=0. */
    private static void expireSession(AdvisorRig rig) throws InterruptedException {
        rig.holdOffline(Duration.ofSeconds(5));
        rig.cloud().broker().discardSession(rig.clientId());
    }

    private static void put(Map<AdvisorCase, Scenario> m, Scenario s) {
        m.put(s.advisorCase(), s);
    }

}
