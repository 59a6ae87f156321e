package dev.qualify.connectors.serial;

/** The parity bit of a UART frame; config names are the lower-case constant names. */
public enum Parity {
    NONE, ODD, EVEN, MARK, SPACE;

    /** The name used in config, e.g. {@code none}. */
    public String configName() {
        return name().toLowerCase();
    }
}
