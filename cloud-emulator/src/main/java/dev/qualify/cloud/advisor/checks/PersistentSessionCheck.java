package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.DeviceConnection;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Packets;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code MQTT_Persistent_Session_Happy_Case} and {@code MQTT_Expired_Persistent_Session}. The device connects with
 * {@code cleanSession=false}; after the server drops it, it reconnects (the first accepted reconnect of the window
 * whose CONNACK matches the case is judged). When the CONNACK says the session is
 * present, the device must not SUBSCRIBE again and the QoS 1 message stored for it while it was away is delivered on
 * the resumed session (whether the device PUBACKs it is {@code MQTT_Client_Puback_Qos1}'s judgement);
 * when the CONNACK says the session is gone (it expired), the device must SUBSCRIBE again.
 */
public final class PersistentSessionCheck implements AdvisorCheck {
    private final boolean expired;

    private PersistentSessionCheck(boolean expired) {
        this.expired = expired;
    }

    public static PersistentSessionCheck resumed() {
        return new PersistentSessionCheck(false);
    }

    public static PersistentSessionCheck expiredSession() {
        return new PersistentSessionCheck(true);
    }

    @Override
    public AdvisorCase advisorCase() {
        return expired ? AdvisorCase.MQTT_EXPIRED_PERSISTENT_SESSION : AdvisorCase.MQTT_PERSISTENT_SESSION;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        List<DeviceConnection> conns = e.mqttConnections().stream().filter(DeviceConnection::accepted).toList();
        for (int i = 0; i < conns.size(); i++) {
            DeviceConnection c = conns.get(i);
            CapturedPacket connect = c.first(Direction.IN, PacketType.CONNECT).orElseThrow();
            List<CapturedPacket> judged = new ArrayList<>(i > 0 ? conns.get(i - 1).packets() : List.of());
            judged.addAll(c.packets());
            if (connect.detail().contains("cleanSession=true")) {
                return Verdict.fail(advisorCase(), "a reconnect with cleanSession=false",
                        "the device reconnected with cleanSession=true", List.of(), judged);
            }
            List<CapturedPacket> subscribes = c.packets(Direction.IN, PacketType.SUBSCRIBE);
            if (expired) {
                if (c.sessionPresent()) continue;
                if (subscribes.isEmpty()) {
                    return Verdict.fail(advisorCase(), "a SUBSCRIBE after a CONNACK with sessionPresent=0",
                            "the device did not subscribe again on connection " + c.id(), List.of(), judged);
                }
                return Verdict.pass(advisorCase(), "the device subscribed again " + subscribes.get(0).topicFilters()
                        + " after the session expired", List.of(), judged);
            }
            if (!c.sessionPresent()) continue;
            if (!subscribes.isEmpty()) {
                return Verdict.fail(advisorCase(), "no SUBSCRIBE on a resumed session",
                        "the device re-subscribed " + subscribes.get(0).topicFilters() + " although the CONNACK said sessionPresent=1",
                        List.of(), judged);
            }
            for (CapturedPacket stored : c.packets(Direction.OUT, PacketType.PUBLISH)) {
                if (stored.qos() != 1) continue;
                // that the device PUBACKs a QoS 1 message is MQTT_Client_Puback_Qos1's judgement (one property, one
                // case); this case judges that the session, with its subscription, was resumed and delivered to
                boolean acked = Packets.after(c.packets(), stored, Direction.IN, PacketType.PUBACK, stored.packetId()).isPresent();
                return Verdict.pass(advisorCase(), "the session resumed without a new SUBSCRIBE and the stored PUBLISH id "
                        + stored.packetId() + " was delivered on it" + (acked ? " and PUBACKed" : " (not PUBACKed: see "
                        + AdvisorCase.MQTT_CLIENT_PUBACK_QOS1.id() + ")"), List.of(), judged);
            }
            return Verdict.pass(advisorCase(), "the session resumed without a new SUBSCRIBE (no stored message to deliver)",
                    List.of(), judged);
        }
        String first = conns.isEmpty() ? "" : conns.get(0).first(Direction.IN, PacketType.CONNECT).map(CapturedPacket::detail).orElse("");
        if (first.contains("cleanSession=true")) {
            return Verdict.fail(advisorCase(), "CONNECT with cleanSession=false", "the device connected with cleanSession=true",
                    List.of(), e.packets());
        }
        return Verdict.notExercised(advisorCase(), "no reconnect with a " + (expired ? "expired" : "resumed")
                + " session was recorded", List.of(), e.packets());
    }
}
