package dev.qualify.connectors.rfc2217;

/**
 * The RFC 2217 COM-PORT-OPTION (telnet option 44) commands the client sends; the server answers each with the
 * same code plus {@link #SERVER_OFFSET}.
 */
public enum ComPortCommand {
    SIGNATURE(0), SET_BAUDRATE(1), SET_DATASIZE(2), SET_PARITY(3), SET_STOPSIZE(4), SET_CONTROL(5),
    NOTIFY_LINESTATE(6), NOTIFY_MODEMSTATE(7), FLOWCONTROL_SUSPEND(8), FLOWCONTROL_RESUME(9),
    SET_LINESTATE_MASK(10), SET_MODEMSTATE_MASK(11), PURGE_DATA(12);

    /** The telnet option code of COM-PORT-OPTION. */
    public static final int OPTION = 44;
    /** Server-to-client codes are the client code plus this. */
    public static final int SERVER_OFFSET = 100;

    /** SET-CONTROL values (RFC 2217 section 3). */
    public static final int CONTROL_NO_FLOW = 1;
    public static final int CONTROL_XON_XOFF = 2;
    public static final int CONTROL_HARDWARE = 3;
    public static final int CONTROL_DTR_ON = 8;
    public static final int CONTROL_DTR_OFF = 9;
    public static final int CONTROL_RTS_ON = 11;
    public static final int CONTROL_RTS_OFF = 12;

    private final int code;

    ComPortCommand(int code) {
        this.code = code;
    }

    /** The client-to-server code. */
    public int code() {
        return code;
    }

    /** The code of the server's answer. */
    public int replyCode() {
        return code + SERVER_OFFSET;
    }
}
