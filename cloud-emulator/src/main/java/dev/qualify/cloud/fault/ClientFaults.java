package dev.qualify.cloud.fault;

import dev.qualify.cloud.broker.ConnectFault;
import dev.qualify.cloud.broker.NetworkFault;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripted misbehaviour towards one client id (or every client, for the {@code "*"} script). Each method arms a
 * fault for the next {@code times} occurrences ({@link Integer#MAX_VALUE} for always) and returns this script for
 * chaining. Connect faults are applied in this order: refuse, withhold CONNACK, disconnect after CONNACK.
 */
public final class ClientFaults {
    private final AtomicInteger withholdConnack = new AtomicInteger();
    private final AtomicInteger refuseConnect = new AtomicInteger();
    private volatile int refuseCode = 0x87;
    private final AtomicInteger disconnectAfterConnack = new AtomicInteger();
    private final AtomicInteger withholdPuback = new AtomicInteger();
    private final AtomicInteger withholdSuback = new AtomicInteger();
    private final AtomicInteger withholdPingresp = new AtomicInteger();
    private volatile NetworkFault network;

    /** Read the next {@code times} CONNECTs and never answer them. */
    public ClientFaults withholdConnack(int times) {
        withholdConnack.set(times);
        return this;
    }

    /**
     * Refuse the next {@code times} CONNECTs with a CONNACK code: an MQTT 3.1.1 return code (1-5) or an MQTT 5
     * reason code (0x80 and up); it is mapped to the client's protocol version.
     */
    public ClientFaults refuseConnect(int code, int times) {
        refuseCode = code;
        refuseConnect.set(times);
        return this;
    }

    /** Accept the next {@code times} CONNECTs, then close the connection right after CONNACK. */
    public ClientFaults disconnectAfterConnack(int times) {
        disconnectAfterConnack.set(times);
        return this;
    }

    /** Drop the PUBACK (QoS 1) or PUBREC (QoS 2) of the next {@code times} PUBLISHes. */
    public ClientFaults withholdPuback(int times) {
        withholdPuback.set(times);
        return this;
    }

    /** Drop the SUBACK of the next {@code times} SUBSCRIBEs. */
    public ClientFaults withholdSuback(int times) {
        withholdSuback.set(times);
        return this;
    }

    /** Drop the PINGRESP of the next {@code times} PINGREQs. */
    public ClientFaults withholdPingresp(int times) {
        withholdPingresp.set(times);
        return this;
    }

    /** Delays every packet the broker sends to the client by this much (zero for none); until cleared. */
    public ClientFaults latency(Duration latency) {
        NetworkFault n = network;
        network = new NetworkFault(latency.toMillis(), n == null ? 0 : n.lossRate());
        return this;
    }

    /** Drops each PUBLISH to or from the client with this chance (0 to 1; zero for none); until cleared. */
    public ClientFaults loss(double rate) {
        NetworkFault n = network;
        network = new NetworkFault(n == null ? 0 : n.latencyMillis(), rate);
        return this;
    }

    /**
     * What is armed, by the names {@code qualify cloud fault} uses: a count of occurrences left ("always" for
     * {@link Integer#MAX_VALUE}), a latency such as "200ms", a loss such as "5%".
     */
    public Map<String, String> armed() {
        Map<String, String> out = new LinkedHashMap<>();
        count(out, "refuse-connect", refuseConnect);
        if (out.containsKey("refuse-connect")) out.put("refuse-connect", out.get("refuse-connect") + " code=" + refuseCode);
        count(out, "withhold-connack", withholdConnack);
        count(out, "drop-after-connack", disconnectAfterConnack);
        count(out, "withhold-puback", withholdPuback);
        count(out, "withhold-suback", withholdSuback);
        count(out, "withhold-pingresp", withholdPingresp);
        NetworkFault n = network;
        if (n != null && n.latencyMillis() > 0) out.put("latency", n.latencyMillis() + "ms");
        if (n != null && n.lossRate() > 0) out.put("loss", BigDecimal.valueOf(n.lossRate() * 100).stripTrailingZeros().toPlainString() + "%");
        return out;
    }

    private static void count(Map<String, String> out, String name, AtomicInteger n) {
        int v = n.get();
        if (v > 0) out.put(name, v == Integer.MAX_VALUE ? "always" : String.valueOf(v));
    }

    NetworkFault network() {
        NetworkFault n = network;
        return n == null || (n.latencyMillis() == 0 && n.lossRate() == 0) ? null : n;
    }

    /** Disarms everything. */
    public ClientFaults clear() {
        withholdConnack.set(0);
        refuseConnect.set(0);
        disconnectAfterConnack.set(0);
        withholdPuback.set(0);
        withholdSuback.set(0);
        withholdPingresp.set(0);
        network = null;
        return this;
    }

    ConnectFault onConnect() {
        if (take(refuseConnect)) return new ConnectFault(ConnectFault.Kind.REFUSE, refuseCode);
        if (take(withholdConnack)) return new ConnectFault(ConnectFault.Kind.WITHHOLD_CONNACK, 0);
        if (take(disconnectAfterConnack)) return new ConnectFault(ConnectFault.Kind.DISCONNECT_AFTER_CONNACK, 0);
        return ConnectFault.PROCEED;
    }

    boolean puback() {
        return take(withholdPuback);
    }

    boolean suback() {
        return take(withholdSuback);
    }

    boolean pingresp() {
        return take(withholdPingresp);
    }

    private static boolean take(AtomicInteger counter) {
        while (true) {
            int n = counter.get();
            if (n <= 0) return false;
            if (n == Integer.MAX_VALUE || counter.compareAndSet(n, n - 1)) return true;
        }
    }
}
