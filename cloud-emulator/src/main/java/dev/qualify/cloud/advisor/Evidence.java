package dev.qualify.cloud.advisor;

import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.ConnectionEvent;
import dev.qualify.cloud.capture.TlsClientHello;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one device did, from a recording: its connections in the order they opened. A connection is the device's
 * when one of its packets carries the device's client id, or when it arrived on the device's own Device Advisor
 * listener (a handshake the device broke off has no packets).
 *
 * @param clientId    the device's MQTT client id
 * @param connections its connections, oldest first
 */
public record Evidence(String clientId, List<DeviceConnection> connections) {
    public Evidence {
        connections = List.copyOf(connections);
    }

    /**
     * Picks the device's connections out of a recording (which may hold other clients).
     *
     * @param listener the device's Device Advisor listener name, or null (then only connections with packets count)
     */
    public static Evidence of(String clientId, String listener, List<CapturedPacket> packets, List<ConnectionEvent> events,
                              List<TlsClientHello> hellos) {
        Set<String> mine = new LinkedHashSet<>();
        for (CapturedPacket p : packets) if (clientId.equals(p.clientId())) mine.add(p.connectionId());
        if (listener != null) {
            for (ConnectionEvent e : events) if (listener.equals(e.listener())) mine.add(e.connectionId());
            for (TlsClientHello h : hellos) if (listener.equals(h.listener())) mine.add(h.connectionId());
        }
        Map<String, List<CapturedPacket>> byConnection = new LinkedHashMap<>();
        Map<String, List<ConnectionEvent>> eventsOf = new LinkedHashMap<>();
        for (String id : mine) {
            byConnection.put(id, new ArrayList<>());
            eventsOf.put(id, new ArrayList<>());
        }
        for (CapturedPacket p : packets) if (byConnection.containsKey(p.connectionId())) byConnection.get(p.connectionId()).add(p);
        for (ConnectionEvent e : events) if (eventsOf.containsKey(e.connectionId())) eventsOf.get(e.connectionId()).add(e);
        List<DeviceConnection> out = new ArrayList<>();
        for (String id : mine) {
            List<ConnectionEvent> ev = eventsOf.get(id);
            List<CapturedPacket> ps = byConnection.get(id);
            long opened = ev.stream().filter(e -> e.event().equals("OPENED")).mapToLong(ConnectionEvent::nanos).findFirst()
                    .orElse(Math.min(ev.isEmpty() ? Long.MAX_VALUE : ev.get(0).nanos(), ps.isEmpty() ? Long.MAX_VALUE : ps.get(0).nanos()));
            Optional<ConnectionEvent> closed = ev.stream().filter(e -> e.event().equals("CLOSED")).findFirst();
            Optional<TlsClientHello> hello = hellos.stream().filter(h -> h.connectionId().equals(id)).findFirst();
            if (hello.isPresent()) opened = Math.min(opened, hello.get().nanos());
            out.add(new DeviceConnection(id, opened, closed.map(ConnectionEvent::nanos).orElse(-1L),
                    closed.map(ConnectionEvent::detail).orElse(null), ev, hello, ps));
        }
        out.sort(Comparator.comparingLong(DeviceConnection::openedNanos));
        return new Evidence(clientId, out);
    }

    /** All the device's packets, in capture order. */
    public List<CapturedPacket> packets() {
        List<CapturedPacket> all = new ArrayList<>();
        for (DeviceConnection c : connections) all.addAll(c.packets());
        all.sort(Comparator.comparingLong(CapturedPacket::sequence));
        return all;
    }

    /** The connections that sent a CONNECT. */
    public List<DeviceConnection> mqttConnections() {
        return connections.stream().filter(DeviceConnection::connectSent).toList();
    }

    /** One line per connection: its served certificate and how its handshake ended. */
    public static List<String> handshakes(List<DeviceConnection> connections) {
        List<String> lines = new ArrayList<>();
        for (DeviceConnection c : connections) {
            lines.add("connection " + c.id() + ": server certificate " + c.servedCertificate() + ", handshake "
                    + c.handshake() + c.handshakeFailure().map(f -> " (" + f + ")").orElse("")
                    + (c.connectSent() ? ", CONNECT sent" : ""));
        }
        return lines;
    }
}
