package dev.qualify.cloud.fault;

import dev.qualify.cloud.broker.ConnectFault;
import dev.qualify.cloud.broker.Misbehaviour;
import dev.qualify.cloud.broker.NetworkFault;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client scripted misbehaviour of the broker. A script for a client id applies to that client; the script for
 * {@code "*"} applies to clients without their own script. Thread-safe.
 */
public final class FaultInjector implements Misbehaviour {
    /** The client id that selects the script for every client. */
    public static final String ANY_CLIENT = "*";

    private final Map<String, ClientFaults> scripts = new ConcurrentHashMap<>();

    /** The script of a client id (created empty on first use). */
    public ClientFaults forClient(String clientId) {
        return scripts.computeIfAbsent(clientId, k -> new ClientFaults());
    }

    /** Removes the script of a client id; true when there was one. */
    public boolean remove(String clientId) {
        return scripts.remove(clientId) != null;
    }

    /** The scripts by client id, sorted, with what each has armed (scripts with nothing armed are left out). */
    public Map<String, Map<String, String>> armed() {
        Map<String, Map<String, String>> out = new java.util.TreeMap<>();
        scripts.forEach((client, f) -> {
            Map<String, String> a = f.armed();
            if (!a.isEmpty()) out.put(client, a);
        });
        return out;
    }

    /** Removes every script. */
    public void clear() {
        scripts.clear();
    }

    private ClientFaults script(String clientId) {
        ClientFaults f = clientId == null ? null : scripts.get(clientId);
        return f != null ? f : scripts.get(ANY_CLIENT);
    }

    @Override
    public NetworkFault networkFault(String clientId) {
        if (scripts.isEmpty()) return null;
        ClientFaults f = script(clientId);
        return f == null ? null : f.network();
    }

    @Override
    public ConnectFault onConnect(String clientId) {
        ClientFaults f = script(clientId);
        return f == null ? ConnectFault.PROCEED : f.onConnect();
    }

    @Override
    public boolean withholdPuback(String clientId) {
        ClientFaults f = script(clientId);
        return f != null && f.puback();
    }

    @Override
    public boolean withholdSuback(String clientId) {
        ClientFaults f = script(clientId);
        return f != null && f.suback();
    }

    @Override
    public boolean withholdPingresp(String clientId) {
        ClientFaults f = script(clientId);
        return f != null && f.pingresp();
    }
}
