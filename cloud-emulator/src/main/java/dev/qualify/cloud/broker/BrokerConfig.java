package dev.qualify.cloud.broker;

import io.netty.handler.ssl.SslContext;

/**
 * How to run the broker. Every listener binds to {@code host} (loopback by default).
 *
 * @param host            bind address
 * @param tlsPort         MQTT over mutual TLS; 0 for an ephemeral port
 * @param plainPort       plain MQTT for local debugging, no authentication; -1 (the default) for none
 * @param httpsPort       HTTPS publish and MQTT over WebSocket ({@code /mqtt}), mutual TLS; 0 ephemeral, -1 none
 * @param serverTls       the server TLS context (client authentication required)
 * @param limits          limits enforced
 * @param ioThreads       event-loop threads; 0 for one per processor
 * @param connectTimeoutSeconds how long a connection may stay open without sending CONNECT
 */
public record BrokerConfig(String host, int tlsPort, int plainPort, int httpsPort, SslContext serverTls, BrokerLimits limits,
                           int ioThreads, int connectTimeoutSeconds) {
    public BrokerConfig {
        if (!"127.0.0.1".equals(host) && !"::1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("the emulated broker binds to loopback only, not " + host);
        }
    }
}
