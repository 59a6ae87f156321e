package dev.qualify.api.device;

import org.apiguardian.api.API;

import java.nio.charset.StandardCharsets;

/** The sending half of a {@link Console}: bytes to the device. */
@API(status = API.Status.STABLE, since = "0.1")
public interface ConsoleWriter {

    /** Writes bytes to the device. @throws InfrastructureException of type {@code port-gone} if the port is gone */
    void write(byte[] bytes);

    /** Writes {@code line} followed by CR LF. */
    default void sendLine(String line) {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
