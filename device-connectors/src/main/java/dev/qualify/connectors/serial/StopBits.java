package dev.qualify.connectors.serial;

/** The stop bits of a UART frame; config writes {@code 1}, {@code 1.5} or {@code 2}. */
public enum StopBits {
    ONE("1"), ONE_POINT_FIVE("1.5"), TWO("2");

    private final String configName;

    StopBits(String configName) {
        this.configName = configName;
    }

    /** The name used in config, e.g. {@code 1.5}. */
    public String configName() {
        return configName;
    }
}
