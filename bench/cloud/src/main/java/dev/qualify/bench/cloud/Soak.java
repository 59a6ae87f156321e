package dev.qualify.bench.cloud;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.File;
import java.net.InetSocketAddress;
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
 * The emulated cloud's soak: many mutual-TLS MQTT 3.1.1 clients ({@link BenchClient}, Netty's MQTT codec), each
 * publishing one QoS 1 message a second on a topic of its own, and subscribers that together cover every topic, each
 * exactly once. Bounded in count and time; it stops by itself.
 *
 * <pre>
 * clients=1000 seconds=120 [subscribers=clients/50] port=P certs=DIR broker-pid=PID [ips=8] [payload=64] [sample=15]
 *   [connect-concurrency=20] [drain=60] [host=localhost] [publisher-threads=2] [subscriber-threads=1] [tls-peer=false]
 * </pre>
 *
 * Publisher {@code i} publishes on {@code soak/<i % subscribers>/<i>}; subscriber {@code j} subscribes to
 * {@code soak/<j>/#} with QoS 1. Each payload carries its publisher, sequence number and send time, so a subscriber
 * records exactly which messages it got, and how long after the PUBLISH was written (the {@code latency_*} of the
 * {@code RESULT} line, first receipts only: a subscriber falling behind shows there before its queue overflows). A message is <em>lost</em> when the broker acknowledged it (PUBACK) and its
 * subscriber never received it; duplicates are counted apart. Clients connect from {@code ips} loopback addresses
 * ({@code 127.0.0.2} on) so 10,000 connections do not exhaust one address's ephemeral ports. Every client makes a full
 * TLS 1.3 handshake with the client certificate: its TLS engine is given no peer host and port, so the JDK caches no
 * session to resume (the broker's chain is checked against the CA, its host name is not).
 *
 * <p>Publishers and subscribers run on event-loop groups of their own ({@code publisher-threads},
 * {@code subscriber-threads}), so a subscriber's reads never wait behind thousands of publishers' writes; each
 * publisher's PUBLISH and its accounting run on its channel's event loop, each subscriber's receipt and PUBACK on its
 * own. (The soak used HiveMQ's client before; on the loaded 2-core machine its 200 subscribers, sharing event loops and
 * the application scheduler with 10,000 publishers, consumed about half of their 10,000 messages a second, and the
 * broker dropped the rest at their full queues: bench/RESULTS.md, "Cloud soak".)
 *
 * <p>Every {@code sample} seconds the broker JVM ({@code broker-pid}, through the attach API and JMX) is asked to
 * collect garbage, then its heap use and process CPU time are read: one {@code SAMPLE} line each. The heap is
 * <em>flat</em> when the last steady-state sample (after connecting, before disconnecting) exceeds the first by at
 * most 10% + 16 MiB. Exit status 0 when nothing was lost, every due publish was sent and acknowledged, every client
 * connected and the heap is flat; 1 otherwise. A publish is <em>due</em> at its tick (publisher {@code i} at
 * {@code i % 50} fiftieths of every second); {@code publish_lag_max} is the longest a PUBLISH was written after it was
 * due (a load tool short of CPU shows there). The last line is {@code RESULT ...}; its {@code broker_cpu} and {@code load_tool_cpu}
 * are percent of one core over the publishing seconds (the broker's from its first to its last steady sample).
 */
public final class Soak {
    private final Map<String, String> a;
    private final int clients;
    private final int subscribers;
    private final int payload;
    private final SslContext tls;
    private final BrokerProbe broker;
    private final EventLoopGroup publisherLoops;
    private final EventLoopGroup subscriberLoops;
    private final List<BenchClient> publishers = new ArrayList<>();
    private final List<BenchClient> subs = new ArrayList<>();
    /** Per publisher, touched only on its channel's event loop: the next sequence number, and packet id to sequence. */
    private final int[] sequence;
    private final List<Map<Integer, Integer>> pending = new ArrayList<>();
    private final BitSet[] acked;
    private final BitSet[] received;
    private final byte[][] topics;
    private final LongAdder due = new LongAdder();
    private final java.util.concurrent.atomic.LongAccumulator maxLagNanos =
            new java.util.concurrent.atomic.LongAccumulator(Long::max, 0);
    private final LongAdder published = new LongAdder();
    private final LongAdder ackedCount = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder receivedCount = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder strayAcks = new LongAdder();
    private final LongAdder[] perSubscriber;
    private final Latencies latency;
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    private final java.util.Set<String> connectErrors = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    private Soak(Map<String, String> args) throws Exception {
        this.a = args;
        this.clients = num("clients", 1000);
        this.subscribers = num("subscribers", Math.max(1, (clients + 49) / 50));
        this.payload = Math.max(16, num("payload", 64));
        File certs = new File(args.get("certs"));
        this.tls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .keyManager(new File(certs, "certificate.pem.crt"), new File(certs, "private.pem.key"))
                .trustManager(new File(certs, "root-ca.pem")).protocols("TLSv1.3")
                // the engines get no peer host (see options): the broker's chain is checked against the CA, its name is not
                .endpointIdentificationAlgorithm(null).build();
        this.broker = BrokerProbe.attach(args.get("broker-pid"));
        this.publisherLoops = new MultiThreadIoEventLoopGroup(num("publisher-threads", 2),
                new DefaultThreadFactory("soak-pub"), NioIoHandler.newFactory());
        this.subscriberLoops = new MultiThreadIoEventLoopGroup(num("subscriber-threads", 1),
                new DefaultThreadFactory("soak-sub"), NioIoHandler.newFactory());
        this.sequence = new int[clients];
        this.topics = new byte[clients][];
        for (int i = 0; i < clients; i++) {
            topics[i] = ("soak/" + (i % subscribers) + "/" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        this.acked = new BitSet[clients];
        this.received = new BitSet[clients];
        for (int i = 0; i < clients; i++) {
            acked[i] = new BitSet();
            received[i] = new BitSet();
            pending.add(new HashMap<>());
        }
        this.perSubscriber = new LongAdder[subscribers];
        for (int j = 0; j < subscribers; j++) perSubscriber[j] = new LongAdder();
        this.latency = new Latencies((int) Math.min(8_000_000L, (long) clients * num("seconds", 120)));
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

    private BenchClient.Options options(int index) {
        int ips = num("ips", 8);
        return new BenchClient.Options(new InetSocketAddress(a.getOrDefault("host", "localhost"), num("port", 8883)),
                new InetSocketAddress("127.0.0." + (2 + index % ips), 0), Boolean.parseBoolean(a.getOrDefault("tls-peer", "false")),
                300, 30);
    }

    /** Connects {@code count} clients, at most {@code connect-concurrency} handshakes at a time. */
    private void connectAll(int count, java.util.function.IntFunction<BenchClient> connect, List<BenchClient> into)
            throws InterruptedException {
        Semaphore slots = new Semaphore(num("connect-concurrency", 20));
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            BenchClient c = connect.apply(i);
            into.add(c);
            all.add(c.connected.whenComplete((ack, e) -> {
                slots.release();
                if (e != null) {
                    connectFailures.increment();
                    if (connectErrors.size() < 5) connectErrors.add("connect: " + e);
                    return;
                }
                c.channel.closeFuture().addListener(f -> {
                    if (!stopping) {
                        disconnects.increment();
                        if (connectErrors.size() < 5) connectErrors.add("closed: " + c.failure);
                    }
                });
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }

    private void onMessage(int subscriber, ByteBuf body) {
        if (body.readableBytes() < 16) {
            duplicates.increment(); // not one of ours
            return;
        }
        int pub = body.getInt(body.readerIndex());
        int seq = body.getInt(body.readerIndex() + 4);
        long sentNanos = body.getLong(body.readerIndex() + 8);
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
                latency.record(System.nanoTime() - sentNanos);
            }
        }
    }

    /** On publisher {@code i}'s event loop: one QoS 1 PUBLISH with the next sequence number, due at {@code dueNanos}. */
    private void publish(int i, long dueNanos) {
        BenchClient c = publishers.get(i);
        long now = System.nanoTime();
        maxLagNanos.accumulate(now - dueNanos);
        int seq = sequence[i]++;
        int packetId = seq % 65535 + 1;
        ByteBuf body = Unpooled.buffer(payload, payload);
        body.writeInt(i).writeInt(seq).writeLong(now).writeZero(payload - 16);
        pending.get(i).put(packetId, seq);
        published.increment();
        c.publishQos1(topics[i], packetId, body).addListener(f -> {
            if (!f.isSuccess() && pending.get(i).remove(packetId) != null) failed.increment();
        });
    }

    /** On publisher {@code i}'s event loop: the broker acknowledged a PUBLISH. */
    private void onPuback(int i, int packetId) {
        Integer seq = pending.get(i).remove(packetId);
        if (seq == null) {
            strayAcks.increment();
            return;
        }
        synchronized (acked[i]) {
            acked[i].set(seq);
        }
        ackedCount.increment();
    }

    private boolean run() throws Exception {
        long t0 = System.nanoTime();
        connectAll(subscribers, j -> BenchClient.connect(subscriberLoops, tls, options(j), "soak-s" + j,
                body -> onMessage(j, body), id -> { }), subs);
        for (int j = 0; j < subscribers; j++) {
            BenchClient s = subs.get(j);
            if (!s.connected.isCompletedExceptionally()) {
                s.subscribe("soak/" + j + "/#", 1);
                s.subscribed.get(60, TimeUnit.SECONDS);
            }
        }
        connectAll(clients, i -> BenchClient.connect(publisherLoops, tls, options(i), "soak-p" + i, body -> { },
                id -> onPuback(i, id)), publishers);
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
        long self = ProcessHandle.current().pid();
        ProcStat selfBefore = ProcStat.read(self);
        long start = System.nanoTime();
        // Each tick, one task per publisher event loop publishes for the connected publishers of that tick's slot
        // (i % ticksPerSecond): a hand-off per loop and tick, not per message.
        List<Map<io.netty.channel.EventLoop, int[]>> slots = new ArrayList<>();
        for (int slot = 0; slot < ticksPerSecond; slot++) {
            Map<io.netty.channel.EventLoop, List<Integer>> byLoop = new HashMap<>();
            for (int i = slot; i < clients; i += ticksPerSecond) {
                BenchClient c = publishers.get(i);
                if (c.channel == null || !c.connected.isDone() || c.connected.isCompletedExceptionally()) continue;
                byLoop.computeIfAbsent(c.channel.eventLoop(), l -> new ArrayList<>()).add(i);
            }
            Map<io.netty.channel.EventLoop, int[]> m = new HashMap<>();
            byLoop.forEach((l, list) -> m.put(l, list.stream().mapToInt(Integer::intValue).toArray()));
            slots.add(m);
        }
        ticker.scheduleAtFixedRate(() -> {
            long t = tick[0]++;
            if (t >= (long) seconds * ticksPerSecond) return;
            long dueNanos = start + t * (1_000_000_000L / ticksPerSecond);
            slots.get((int) (t % ticksPerSecond)).forEach((loop, idx) -> {
                due.add(idx.length);
                loop.execute(() -> {
                    for (int i : idx) publish(i, dueNanos);
                });
            });
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
        ProcStat selfAfter = ProcStat.read(self);
        double loadCpuSeconds = (selfAfter.cpuTicks() - selfBefore.cpuTicks()) / ProcStat.TICKS_PER_SECOND;
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(num("drain", 60));
        while (System.nanoTime() < drainUntil
                && (published.sum() < due.sum() || ackedCount.sum() + failed.sum() < published.sum()
                || receivedCount.sum() < ackedCount.sum())) {
            Thread.sleep(200);
        }
        steady.add(sample("drained"));

        long lost = 0;
        long unacked = published.sum() - ackedCount.sum() - failed.sum();
        long unsent = due.sum() - published.sum();
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
        boolean ok = lost == 0 && unacked == 0 && unsent == 0 && failed.sum() == 0 && connectFailures.sum() == 0 && flat;
        System.out.printf("RESULT clients=%d seconds=%d due=%d published=%d unsent=%d publish_lag_max=%.0fms acked=%d "
                        + "failed=%d unacked=%d received=%d "
                        + "per_subscriber=%s duplicates=%d stray_acks=%d lost=%d unexpected_disconnects=%d publish_rate=%.0f/s "
                        + "latency_p50=%.1fms latency_p99=%.1fms latency_max=%.1fms heap_first=%.1fMiB "
                        + "heap_last=%.1fMiB heap_growth=%.1fMiB heap_flat=%s heap_after_disconnect=%.1fMiB "
                        + "broker_cpu=%.0f%% load_tool_cpu=%.0f%% connect_seconds=%.1f verdict=%s%n",
                clients, seconds, due.sum(), published.sum(), unsent, maxLagNanos.get() / 1e6, ackedCount.sum(), failed.sum(),
                unacked, receivedCount.sum(),
                perSub, duplicates.sum(), strayAcks.sum(), lost, disconnects.sum(), published.sum() / loadSeconds,
                latency.percentileMicros(50) / 1000, latency.percentileMicros(99) / 1000, latency.percentileMicros(100) / 1000, first.heapMiB(), last.heapMiB(), growth,
                flat, after.heapMiB(), BrokerProbe.cpuPercent(steady.get(0), last), 100 * loadCpuSeconds / loadSeconds, connectSeconds,
                ok ? "PASS" : "FAIL");
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
        for (BenchClient c : publishers) all.add(closed(c));
        for (BenchClient c : subs) all.add(closed(c));
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .orTimeout(120, TimeUnit.SECONDS).exceptionally(e -> null).join();
        publisherLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        subscriberLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static CompletableFuture<Void> closed(BenchClient c) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (c.channel == null) return CompletableFuture.completedFuture(null);
        c.channel.closeFuture().addListener(f -> done.complete(null));
        c.disconnect();
        return done;
    }
}
