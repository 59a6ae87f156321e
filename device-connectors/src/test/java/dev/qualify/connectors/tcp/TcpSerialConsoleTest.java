package dev.qualify.connectors.tcp;

import dev.qualify.testkit.TestDriverContexts;
import dev.qualify.api.device.Console;
import dev.qualify.api.driver.DriverContext;
import dev.qualify.api.driver.SettingsException;
import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** tcp-serial against a real TCP server on loopback, as ser2net raw mode serves a UART. */
class TcpSerialConsoleTest {
    private static DriverContext ctx() {
        return TestDriverContexts.forDevice("d", Path.of("."));
    }

    @Test
    void bothDirectionsWorkOverARealSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write("booted\r\nready> ".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Console c = new TcpSerialConsoleFactory().create(Map.of("port", server.getLocalPort()), ctx())) {
                c.expect(Pattern.compile("ready> "), Duration.ofSeconds(5));
                c.sendLine("start");
                assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("start");
                assertThat(c.name()).isEqualTo("tcp-serial 127.0.0.1:" + server.getLocalPort());
            }
        }
    }

    @Test
    void aPortNobodyServesIsUnreachableAfterTheConnectTimeoutWithTheAttemptsCounted() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int closedPort = port;
        assertThatThrownBy(() -> new TcpSerialConsoleFactory().create(Map.of("port", closedPort, "connectTimeout", "400ms"), ctx()))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort).hasMessageContaining("within 400 ms").hasMessageContaining("attempts")
                .satisfies(e -> assertThat(((InfrastructureException) e).type()).isEqualTo("port-unreachable"));
    }

    @Test
    void settingsAreValidatedWithSuggestions() {
        assertThatThrownBy(() -> new TcpSerialConsoleFactory().validate(Map.of("prot", 1)))
                .isInstanceOf(SettingsException.class).hasMessageContaining("prot")
                .satisfies(e -> assertThat(((SettingsException) e).suggestion()).contains("port"));
        assertThatThrownBy(() -> new TcpSerialConsoleFactory().validate(Map.of("port", 70000)))
                .isInstanceOf(SettingsException.class).hasMessageContaining("out of range");
    }
}
