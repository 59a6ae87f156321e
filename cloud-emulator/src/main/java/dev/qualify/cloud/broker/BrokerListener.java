package dev.qualify.cloud.broker;

/** Told about connection-level events; called on event-loop threads, so implementations must be quick. */
public interface BrokerListener {
    default void connectRefused(ConnectRefusal refusal) {
    }

    default void clientConnected(ClientInfo client) {
    }

    /** @param reason an IoT-Core-style disconnect reason such as {@code CLIENT_INITIATED_DISCONNECT} */
    default void clientDisconnected(ClientInfo client, String reason) {
    }
}
