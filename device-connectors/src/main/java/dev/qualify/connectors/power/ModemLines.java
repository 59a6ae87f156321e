package dev.qualify.connectors.power;

/**
 * The two modem-control outputs of a serial link, DTR and RTS, which dev boards wire to their reset and boot
 * pins. A serial port implements them with ioctls; an RFC 2217 link asks the remote server to set them.
 *
 * <p>{@code true} means the line is asserted (active). Implementations are safe to call from any thread.
 */
public interface ModemLines {

    /** Asserts ({@code true}) or releases DTR. @throws dev.qualify.api.device.InfrastructureException if the link is gone */
    void setDtr(boolean asserted);

    /** Asserts ({@code true}) or releases RTS. @throws dev.qualify.api.device.InfrastructureException if the link is gone */
    void setRts(boolean asserted);

    /** Sets both lines as close together as the link allows (one call where it can). */
    default void setBoth(boolean dtr, boolean rts) {
        setDtr(dtr);
        setRts(rts);
    }

    /** For messages, e.g. {@code serial /dev/ttyUSB0}. */
    String describe();
}
