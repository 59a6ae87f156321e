package dev.qualify.cloud.advisor.checks;

import dev.qualify.cloud.advisor.AdvisorCase;
import dev.qualify.cloud.advisor.AdvisorCheck;
import dev.qualify.cloud.advisor.AdvisorSettings;
import dev.qualify.cloud.advisor.DeviceConnection;
import dev.qualify.cloud.advisor.Evidence;
import dev.qualify.cloud.advisor.Verdict;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;

import java.util.List;

/** {@code MQTT_Connect}: the device sends CONNECT (and the broker accepts it). */
public final class MqttConnectCheck implements AdvisorCheck {
    @Override
    public AdvisorCase advisorCase() {
        return AdvisorCase.MQTT_CONNECT;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        for (DeviceConnection c : e.connections()) {
            var connect = c.first(Direction.IN, PacketType.CONNECT);
            if (connect.isPresent()) {
                var ack = c.first(Direction.OUT, PacketType.CONNACK);
                return Verdict.pass(advisorCase(), "the device sent CONNECT" + (c.accepted() ? " and was accepted" : ""),
                        List.of(), ack.isPresent() ? List.of(connect.get(), ack.get()) : List.of(connect.get()));
            }
        }
        return Verdict.fail(advisorCase(), "a CONNECT", e.connections().isEmpty() ? "the device opened no connection"
                : "no CONNECT on " + e.connections().size() + " connections", Evidence.handshakes(e.connections()), List.of());
    }
}
