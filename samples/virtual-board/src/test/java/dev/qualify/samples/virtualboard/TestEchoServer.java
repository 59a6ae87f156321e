package dev.qualify.samples.virtualboard;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny FLIT-style echo server for the board's tests (the board module cannot use the suite's EchoServer): echoes
 * every byte; if the first read of a connection holds DISCONNECT, resets the connection.
 */
final class TestEchoServer implements AutoCloseable {

    private final ServerSocket server;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger disconnects = new AtomicInteger();

    TestEchoServer() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread t = new Thread(this::acceptLoop, "test-echo-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "test-echo-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            boolean first = true;
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (first && new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains("DISCONNECT")) {
                    disconnects.incrementAndGet();
                    s.setSoLinger(true, 0);
                    return;
                }
                first = false;
                s.getOutputStream().write(buf, 0, n);
            }
        } catch (IOException e) {
            // connection over
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
