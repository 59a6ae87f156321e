package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.AdvisorStatus;
import dev.qualify.cloud.advisor.Backoff;
import dev.qualify.cloud.advisor.DeviceConnection;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Packets;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.capture.CapturedPacket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The four backoff cases. Each failed attempt (what makes it failed is the case's setup) is followed by a retry;
 * the delay is the time from the failed attempt's connection closing to the next connection opening, and the series
 * is judged by {@link Backoff}. The device must then get through (an accepted CONNECT).
 * <ul>
 * <li>{@code MQTT_Connect_Jitter_Backoff_Retries}: CONNACK withheld; the delays must back off and scatter
 *     ({@link Backoff#judgeJitter}); a fixed schedule passes with a warning; the shape of the growth is the next
 *     case's;</li>
 * <li>{@code MQTT_Connect_Exponential_Backoff_Retries}: CONNACK withheld; exponential growth is enough (a linear
 *     or constant schedule FAILs), jitter is the previous case's;</li>
 * <li>{@code MQTT_Reconnect_Backoff_Retries_On_Server_Disconnect}: the server refuses the CONNECT (server
 *     unavailable) and closes;</li>
 * <li>{@code MQTT_Reconnect_Backoff_Retries_On_Unstable_Connection}: the server accepts, then drops the
 *     connection at once.</li>
 * </ul>
 */
public final class BackoffCheck implements AdvisorCheck {
    private final AdvisorCase advisorCase;
    private final Predicate<DeviceConnection> failedAttempt;
    private final String setup;
    private final boolean jitterRequired;

    private BackoffCheck(AdvisorCase advisorCase, Predicate<DeviceConnection> failedAttempt, String setup, boolean jitterRequired) {
        this.advisorCase = advisorCase;
        this.failedAttempt = failedAttempt;
        this.setup = setup;
        this.jitterRequired = jitterRequired;
    }

    public static BackoffCheck connectJitter() {
        return new BackoffCheck(AdvisorCase.MQTT_CONNECT_JITTER_BACKOFF, c -> c.hasEvent("CONNACK_WITHHELD"),
                "CONNACK withheld", true);
    }

    public static BackoffCheck connectExponential() {
        return new BackoffCheck(AdvisorCase.MQTT_CONNECT_EXPONENTIAL_BACKOFF, c -> c.hasEvent("CONNACK_WITHHELD"),
                "CONNACK withheld", false);
    }

    public static BackoffCheck serverDisconnect() {
        return new BackoffCheck(AdvisorCase.MQTT_RECONNECT_SERVER_DISCONNECT, c -> c.connectSent() && !c.accepted()
                && !c.hasEvent("CONNACK_WITHHELD") && c.first(dev.qualify.cloud.capture.Direction.OUT,
                dev.qualify.cloud.capture.PacketType.CONNACK).isPresent(), "CONNECT refused by the server", true);
    }

    public static BackoffCheck unstableConnection() {
        return new BackoffCheck(AdvisorCase.MQTT_RECONNECT_UNSTABLE, c -> c.accepted() && c.closedByBroker()
                && "SERVER_INITIATED_DISCONNECT".equals(c.closeReason()), "connection dropped by the server after CONNACK", true);
    }

    @Override
    public AdvisorCase advisorCase() {
        return advisorCase;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        List<DeviceConnection> conns = e.mqttConnections();
        List<Double> delays = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<CapturedPacket> judged = new ArrayList<>();
        boolean through = false;
        boolean started = false;
        for (int i = 0; i < conns.size(); i++) {
            DeviceConnection c = conns.get(i);
            boolean failed = failedAttempt.test(c);
            if (!started && !failed) continue;
            started = true;
            judged.addAll(c.packets());
            if (!failed) {
                through = c.accepted();
                lines.add("attempt " + (delays.size() + 1) + " on " + c.id() + ": " + (through ? "accepted" : "not accepted"));
                break;
            }
            if (i + 1 >= conns.size() || c.closedNanos() < 0) {
                lines.add("attempt " + (delays.size() + 1) + " on " + c.id() + ": " + setup + ", no retry followed");
                break;
            }
            double d = Packets.ms(c.closedNanos(), conns.get(i + 1).openedNanos());
            delays.add(d);
            lines.add(String.format(Locale.ROOT, "attempt %d on %s: %s; retried after %.0f ms", delays.size(), c.id(), setup, d));
        }
        if (!started) return Verdict.notExercised(advisorCase, "no attempt met the setup (" + setup + ")", lines, List.of());
        Backoff.Judgement j = advisorCase == AdvisorCase.MQTT_CONNECT_JITTER_BACKOFF
                ? Backoff.judgeJitter(delays, s.minRetries()) : Backoff.judge(delays, s.minRetries());
        lines.add(j.summary());
        if (j.status() == AdvisorStatus.FAIL) {
            return Verdict.fail(advisorCase, "at least " + s.minRetries() + " retries with "
                    + (advisorCase == AdvisorCase.MQTT_CONNECT_JITTER_BACKOFF ? "jitter backoff"
                    : "exponential backoff" + (jitterRequired ? " and jitter" : "")), j.summary(), lines, judged);
        }
        if (!through) {
            return Verdict.fail(advisorCase, "a successful connect once the server answers",
                    "the device did not get through after " + delays.size() + " retries", lines, judged);
        }
        if (j.status() == AdvisorStatus.PASS_WITH_WARNINGS && jitterRequired) {
            return Verdict.warn(advisorCase, j.summary(), List.of("pure exponential backoff without jitter: add random jitter "
                    + "so a fleet does not reconnect in lockstep"), lines, judged);
        }
        return Verdict.pass(advisorCase, j.summary(), lines, judged);
    }
}
