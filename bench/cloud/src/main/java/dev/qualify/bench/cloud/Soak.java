package dev.qualify.bench.cloud;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import dev.qualify.cloud.ca.Pem;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The emulated cloud's soak: many mutual-TLS MQTT 3.1.1 clients (HiveMQ's Netty-based client), each publishing one
 * QoS 1 message a second on a topic of its own, and subscribers that together cover every topic, each exactly once.
 * Bounded in count and time; it stops by itself.
 *
 * <pre>
 * clients=1000 seconds=120 [subscribers=clients/50] port=P certs=DIR broker-pid=PID [ips=8] [payload=64] [sample=15]
 *   [connect-concurrency=20] [drain=60] [host=localhost]
 * </pre>
 *
 * Publisher {@code i} publishes on {@code soak/<i % subscribers>/<i>}; subscriber {@code j} subscribes to
 * {@code soak/<j>/#} with QoS 1. Each payload carries its publisher and sequence number, so a subscriber records
 * exactly which messages it got. A message is <em>lost</em> when the broker acknowledged it (PUBACK) and its
 * subscriber never received it; duplicates are counted apart. Clients connect from {@code ips} loopback addresses
 * ({@code 127.0.0.2} on) so 10,000 connections do not exhaust one address's ephemeral ports.
 *
 * <p>Every {@code sample} seconds the broker JVM ({@code broker-pid}, through the attach API and JMX) is asked to
 * collect garbage, then its heap use and process CPU time are read: one {@code SAMPLE} line each. The heap is
 * <em>flat</em> when the last steady-state sample (after connecting, before disconnecting) exceeds the first by at
 * most 10% + 16 MiB. Exit status 0 when nothing was lost, every publish was acknowledged, every client connected and
 * the heap is flat; 1 otherwise. The last line is {@code RESULT ...}.
 */
public final class Soak {
    private final Map<String, String> a;
    private final int clients;
    private final int subscribers;
    private final int payload;
    private final MqttClientSslConfig tls;
    private final BrokerProbe broker;
    private final List<Mqtt3AsyncClient> publishers = new ArrayList<>();
    private final List<Mqtt3AsyncClient> subs = new ArrayList<>();
    private final int[] sequence;
    private final BitSet[] acked;
    private final BitSet[] received;
    private final LongAdder published = new LongAdder();
    private final LongAdder ackedCount = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder receivedCount = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder[] perSubscriber;
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    private final java.util.Set<String> connectErrors = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    private Soak(Map<String, String> args) throws Exception {
        this.a = args;
        this.clients = num("clients", 1000);
        this.subscribers = num("subscribers", Math.max(1, (clients + 49) / 50));
        this.payload = Math.max(8, num("payload", 64));
        Path certs = Path.of(args.get("certs"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("device", Pem.privateKey(Files.readString(certs.resolve("private.pem.key"))), "x".toCharArray(),
                new Certificate[]{Pem.certificate(Files.readString(certs.resolve("certificate.pem.crt")))});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", Pem.certificate(Files.readString(certs.resolve("root-ca.pem"))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        this.tls = MqttClientSslConfig.builder().keyManagerFactory(kmf).trustManagerFactory(tmf).build();
        this.broker = BrokerProbe.attach(args.get("broker-pid"));
        this.sequence = new int[clients];
        this.acked = new BitSet[clients];
        this.received = new BitSet[clients];
        for (int i = 0; i < clients; i++) {
            acked[i] = new BitSet();
            received[i] = new BitSet();
        }
        this.perSubscriber = new LongAdder[subscribers];
        for (int j = 0; j < subscribers; j++) perSubscriber[j] = new LongAdder();
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> m = new HashMap<>();
        for (String s : argv) {
            int eq = s.indexOf('=');
            m.put(s.substring(0, eq), s.substring(eq + 1));
        }
        System.exit(new Soak(m).run() ? 0 : 1);
    }

    private int num(String k, int d) {
        return Integer.parseInt(a.getOrDefault(k, String.valueOf(d)));
    }

    private Mqtt3AsyncClient client(String id, int index) {
        int ips = num("ips", 8);
        String local = "127.0.0." + (2 + index % ips);
        return Mqtt3Client.builder().identifier(id)
                .transportConfig().serverAddress(new InetSocketAddress(a.getOrDefault("host", "localhost"), num("port", 8883)))
                .localAddress(new InetSocketAddress(local, 0)).sslConfig(tls)
                .socketConnectTimeout(30, TimeUnit.SECONDS).mqttConnectTimeout(60, TimeUnit.SECONDS).applyTransportConfig()
                .addDisconnectedListener(ctx -> {
                    if (!stopping && ctx.getSource() != com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource.USER) {
                        disconnects.increment();
                        if (connectErrors.size() < 5) connectErrors.add(id + ": " + ctx.getCause());
                    }
                })
                .buildAsync();
    }

    /** Connects every client, at most {@code connect-concurrency} handshakes at a time. */
    private void connectAll(List<Mqtt3AsyncClient> list) throws InterruptedException {
        Semaphore slots = new Semaphore(num("connect-concurrency", 20));
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Mqtt3AsyncClient c : list) {
            slots.acquire();
            all.add(c.connectWith().cleanSession(true).keepAlive(300).send().whenComplete((ack, e) -> {
                slots.release();
                if (e != null) {
                    connectFailures.increment();
                    if (connectErrors.size() < 5) connectErrors.add("connect: " + e);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }

    private void onMessage(int subscriber, ByteBuffer body) {
        int pub = body.getInt(0);
        int seq = body.getInt(4);
        perSubscriber[subscriber].increment();
        if (pub < 0 || pub >= clients || pub % subscribers != subscriber) {
            duplicates.increment(); // delivered to the wrong subscriber: counted as not the one it should be
            return;
        }
        synchronized (received[pub]) {
            if (received[pub].get(seq)) duplicates.increment();
            else {
                received[pub].set(seq);
                receivedCount.increment();
            }
        }
    }

    private void publish(int i) {
        int seq = sequence[i]++;
        ByteBuffer body = ByteBuffer.allocate(payload);
        body.putInt(0, i).putInt(4, seq);
        published.increment();
        publishers.get(i).publishWith().topic("soak/" + (i % subscribers) + "/" + i).qos(MqttQos.AT_LEAST_ONCE)
                .payload(body).send().whenComplete((p, e) -> {
                    if (e != null) {
                        failed.increment();
                        return;
                    }
                    synchronized (acked[i]) {
                        acked[i].set(seq);
                    }
                    ackedCount.increment();
                });
    }

    private boolean run() throws Exception {
        long t0 = System.nanoTime();
        for (int j = 0; j < subscribers; j++) subs.add(client("soak-s" + j, j));
        connectAll(subs);
        for (int j = 0; j < subscribers; j++) {
            int sj = j;
            subs.get(j).subscribeWith().topicFilter("soak/" + j + "/#").qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> onMessage(sj, p.getPayload().orElse(ByteBuffer.allocate(8)))).send().join();
        }
        for (int i = 0; i < clients; i++) publishers.add(client("soak-p" + i, i));
        connectAll(publishers);
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("CONNECTED clients=%d subscribers=%d failures=%d seconds=%.1f%n", clients, subscribers,
                connectFailures.sum(), connectSeconds);
        connectErrors.forEach(e -> System.out.println("CONNECT-ERROR " + e));

        List<BrokerProbe.Sample> steady = new ArrayList<>();
        steady.add(sample("start"));
        int seconds = num("seconds", 120);
        int sampleEvery = num("sample", 15);
        int ticksPerSecond = 50;
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long[] tick = {0};
        long start = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> {
            long t = tick[0]++;
            if (t >= (long) seconds * ticksPerSecond) return;
            for (int i = (int) (t % ticksPerSecond); i < clients; i += ticksPerSecond) publish(i);
        }, 0, 1000 / ticksPerSecond, TimeUnit.MILLISECONDS);
        long next = sampleEvery;
        while (tick[0] < (long) seconds * ticksPerSecond) {
            Thread.sleep(200);
            if ((System.nanoTime() - start) / 1e9 >= next) {
                steady.add(sample("load"));
                next += sampleEvery;
            }
        }
        ticker.shutdown();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(num("drain", 60));
        while (System.nanoTime() < drainUntil
                && (ackedCount.sum() + failed.sum() < published.sum() || receivedCount.sum() < ackedCount.sum())) {
            Thread.sleep(200);
        }
        steady.add(sample("drained"));

        long lost = 0;
        long unacked = published.sum() - ackedCount.sum() - failed.sum();
        for (int i = 0; i < clients; i++) {
            BitSet missing;
            synchronized (acked[i]) {
                missing = (BitSet) acked[i].clone();
            }
            synchronized (received[i]) {
                missing.andNot(received[i]);
            }
            lost += missing.cardinality();
        }
        stopping = true;
        disconnectAll();
        BrokerProbe.Sample after = sample("disconnected");

        BrokerProbe.Sample first = steady.get(1 < steady.size() ? 1 : 0);
        BrokerProbe.Sample last = steady.get(steady.size() - 1);
        double growth = last.heapMiB() - first.heapMiB();
        boolean flat = growth <= first.heapMiB() * 0.10 + 16;
        StringBuilder perSub = new StringBuilder();
        for (LongAdder s : perSubscriber) perSub.append(perSub.length() == 0 ? "" : ",").append(s.sum());
        connectErrors.forEach(e -> System.out.println("DISCONNECT " + e));
        boolean ok = lost == 0 && unacked == 0 && failed.sum() == 0 && connectFailures.sum() == 0 && flat;
        System.out.printf("RESULT clients=%d seconds=%d published=%d acked=%d failed=%d unacked=%d received=%d "
                        + "per_subscriber=%s duplicates=%d lost=%d unexpected_disconnects=%d publish_rate=%.0f/s heap_first=%.1fMiB "
                        + "heap_last=%.1fMiB heap_growth=%.1fMiB heap_flat=%s heap_after_disconnect=%.1fMiB "
                        + "broker_cpu=%.0f%% connect_seconds=%.1f verdict=%s%n",
                clients, seconds, published.sum(), ackedCount.sum(), failed.sum(), unacked, receivedCount.sum(),
                perSub, duplicates.sum(), lost, disconnects.sum(), published.sum() / loadSeconds, first.heapMiB(), last.heapMiB(), growth,
                flat, after.heapMiB(), BrokerProbe.cpuPercent(steady.get(0), last), connectSeconds, ok ? "PASS" : "FAIL");
        return ok;
    }

    private BrokerProbe.Sample sample(String phase) throws Exception {
        BrokerProbe.Sample s = broker.sample();
        System.out.printf("SAMPLE phase=%s t=%.0fs published=%d acked=%d received=%d heap_after_gc=%.1fMiB "
                        + "broker_cpu_total=%.1fs threads=%d%n", phase, s.uptimeSeconds(), published.sum(),
                ackedCount.sum(), receivedCount.sum(), s.heapMiB(), s.cpuSeconds(), s.threads());
        return s;
    }

    private void disconnectAll() {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Mqtt3AsyncClient c : publishers) all.add(c.disconnect());
        for (Mqtt3AsyncClient c : subs) all.add(c.disconnect());
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .orTimeout(120, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
