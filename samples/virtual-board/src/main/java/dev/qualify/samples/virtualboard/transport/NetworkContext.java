package dev.qualify.samples.virtualboard.transport;

import java.io.PushbackInputStream;
import java.io.OutputStream;
import java.net.Socket;

/** FreeRTOS's {@code NetworkContext_t} for the plain-text transport: one TCP connection, or none. */
public final class NetworkContext {

    Socket socket;
    PushbackInputStream in;
    OutputStream out;

    /** True while a connection is open in this context. */
    public boolean connected() {
        return socket != null;
    }
}
