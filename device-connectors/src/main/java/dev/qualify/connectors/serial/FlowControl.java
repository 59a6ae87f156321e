package dev.qualify.connectors.serial;

/** Flow control of a UART; config names: {@code none}, {@code rtscts}, {@code xonxoff}. */
public enum FlowControl {
    NONE("none"), RTS_CTS("rtscts"), XON_XOFF("xonxoff");

    private final String configName;

    FlowControl(String configName) {
        this.configName = configName;
    }

    /** The name used in config. */
    public String configName() {
        return configName;
    }
}
