package dev.qualify.core.lab;

import dev.qualify.api.device.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusyPortsTest {
    @Test
    void aPortSomebodyListensOnIsPortBusyNamingThePortAndItsHolder() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int port = s.getLocalPort();
            assertThatThrownBy(() -> BusyPorts.requireFree("the console port of device board-1", "127.0.0.1", port))
                    .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                        assertThat(e.type()).isEqualTo("port-busy");
                        assertThat(e.getMessage()).contains("the console port of device board-1, 127.0.0.1:" + port + ", is already served by");
                        if (Files.exists(Path.of("/proc/net/tcp"))) {
                            assertThat(e.getMessage()).contains("pid " + ProcessHandle.current().pid()).contains("kill " + ProcessHandle.current().pid());
                        } else {
                            assertThat(e.getMessage()).contains("ss -ltnp 'sport = :" + port + "'");
                        }
                    });
        }
    }

    @Test
    void aFreePortPasses() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        BusyPorts.requireFree("the console port of device board-1", "127.0.0.1", port);
    }

    @Test
    void theHolderIsFoundThroughTheSocketInodeInProc(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("net/tcp"), """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:B831 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 98765 1 0000000000000000 100 0 0 10 0
                   1: 0100007F:B832 0100007F:B831 01 00000000:00000000 00:00000000 00000000  1000        0 11111 1 0000000000000000 100 0 0 10 0
                """);
        Files.createDirectories(proc.resolve("4242/fd"));
        Files.createDirectories(proc.resolve("77/fd"));
        Files.createSymbolicLink(proc.resolve("77/fd/3"), Path.of("socket:[11111]"));
        Files.createSymbolicLink(proc.resolve("4242/fd/0"), Path.of("pipe:[5]"));
        Files.createSymbolicLink(proc.resolve("4242/fd/7"), Path.of("socket:[98765]"));
        assertThat(BusyPorts.holder(0xB831, proc)).contains(4242L);
        assertThat(BusyPorts.holder(0xB832, proc)).as("not listening").isEmpty();
        assertThat(BusyPorts.holder(1, proc.resolve("none"))).isEqualTo(Optional.empty());
    }

    @Test
    void theFindCommandIsSs() {
        assertThat(BusyPorts.findCommand(47201)).isEqualTo("ss -ltnp 'sport = :47201'");
    }
}
