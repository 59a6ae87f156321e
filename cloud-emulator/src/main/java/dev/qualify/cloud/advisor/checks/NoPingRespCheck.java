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

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code MQTT_No_Ack_PingResp}: the broker withholds PINGRESP; the device, having sent PINGREQ within its
 * keep-alive, gives up on the connection itself (closes it or sends DISCONNECT) instead of waiting for the
 * broker's 1.5 × keep-alive timeout.
 */
public final class NoPingRespCheck implements AdvisorCheck {
    private static final Pattern KEEP_ALIVE = Pattern.compile("keepAlive=(\\d+)");

    @Override
    public AdvisorCase advisorCase() {
        return AdvisorCase.MQTT_NO_ACK_PINGRESP;
    }

    @Override
    public Verdict judge(Evidence e, AdvisorSettings s) {
        for (DeviceConnection c : e.mqttConnections()) {
            if (!c.accepted()) continue;
            int keepAlive = keepAlive(c);
            for (CapturedPacket ping : c.packets(Direction.IN, PacketType.PINGREQ)) {
                if (Packets.after(c.packets(), ping, Direction.OUT, PacketType.PINGRESP, -1).isPresent()) continue;
                if (c.closedNanos() < 0) {
                    return Verdict.fail(advisorCase(), "the device to close the connection when PINGRESP does not come",
                            "PINGREQ was not answered and the connection was still open at the end", List.of(), c.packets());
                }
                String after = String.format(Locale.ROOT, "%.0f ms after the unanswered PINGREQ", Packets.ms(ping.nanos(), c.closedNanos()));
                if (c.closedByBroker()) {
                    return Verdict.fail(advisorCase(), "the device to close the connection when PINGRESP does not come",
                            "the broker closed it (" + c.closeReason() + ") " + after + "; the device kept waiting",
                            List.of(), c.packets());
                }
                return Verdict.pass(advisorCase(), "the device closed the connection " + after + " (keep-alive " + keepAlive + " s)",
                        List.of(), c.packets());
            }
            if (keepAlive > 0 && c.closedByBroker() && "MQTT_KEEP_ALIVE_TIMEOUT".equals(c.closeReason())) {
                return Verdict.fail(advisorCase(), "a PINGREQ within the keep-alive of " + keepAlive + " s",
                        "the device sent no PINGREQ; the broker closed the idle connection (MQTT_KEEP_ALIVE_TIMEOUT)",
                        List.of(), c.packets());
            }
        }
        return Verdict.notExercised(advisorCase(), "no PINGREQ of the device went unanswered", List.of(), e.packets());
    }

    private static int keepAlive(DeviceConnection c) {
        return c.first(Direction.IN, PacketType.CONNECT).map(p -> {
            Matcher m = KEEP_ALIVE.matcher(p.detail());
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }).orElse(0);
    }
}
