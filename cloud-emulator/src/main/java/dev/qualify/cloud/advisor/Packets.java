package dev.qualify.cloud.advisor;

import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketType;

import java.util.List;
import java.util.Optional;

/** Small queries over packet lists shared by the checks. */
public final class Packets {
    private Packets() {
    }

    public static boolean is(CapturedPacket p, Direction d, PacketType t) {
        return p.direction() == d && p.type() == t;
    }

    /** The first packet after {@code from} (in list order) with that direction, type and packet id. */
    public static Optional<CapturedPacket> after(List<CapturedPacket> ps, CapturedPacket from, Direction d, PacketType t, int id) {
        boolean seen = false;
        for (CapturedPacket p : ps) {
            if (p == from) {
                seen = true;
                continue;
            }
            if (seen && is(p, d, t) && (id < 0 || p.packetId() == id)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Milliseconds between two monotonic times. */
    public static double ms(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e6;
    }
}
