package dev.qualify.bench.cloud;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load tool run against both brokers, with the same client, payloads and TLS (JDK TLS, client certificate).
 *
 * <pre>
 * throughput host=127.0.0.1 port=P certs=DIR label=L scenario=one-to-one|fan-in|fan-out qos=0|1
 *            [warmup=4] [seconds=8] [window=100] [payload=64] [rate=PUBLISHES_PER_SECOND] [broker-pid=PID]
 *            [measuring=FILE]
 * connections host=127.0.0.1 port=P certs=DIR label=L count=10000 [concurrency=200] [ready=FILE] [release=FILE]
 * </pre>
 *
 * Throughput is closed-loop: at most {@code window} messages (per publisher share) are outstanding end to end, so
 * queues stay bounded and the latency is that of a loaded but not overrun broker. Messages per second count
 * deliveries to subscribers. Latency is from just before the PUBLISH is written to when the subscriber decodes it
 * (same JVM, {@link System#nanoTime()}). With {@code rate} the publishers are open-loop instead, at that many
 * publishes per second in total: latency at an offered load both brokers sustain. With {@code broker-pid} the
 * broker process's CPU time and context switches over the measured seconds are reported per delivered message;
 * with {@code measuring} that file is written when the measured seconds begin (to start a profiler on the broker).
 */
public final class LoadTool {
    private final Map<String, String> a;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final SslContext tls;

    private LoadTool(Map<String, String> args) throws Exception {
        this.a = args;
        File certs = new File(args.get("certs"));
        tls = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .keyManager(new File(certs, "certificate.pem.crt"), new File(certs, "private.pem.key"))
                .trustManager(new File(certs, "root-ca.pem"))
                .protocols("TLSv1.3").ciphers(List.of("TLS_AES_128_GCM_SHA256")).build();
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < argv.length; i++) {
            int eq = argv[i].indexOf('=');
            m.put(argv[i].substring(0, eq), argv[i].substring(eq + 1));
        }
        LoadTool t = new LoadTool(m);
        try {
            if (argv[0].equals("throughput")) t.throughput();
            else t.connections();
        } finally {
            t.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private String host() {
        return a.getOrDefault("host", "127.0.0.1");
    }

    private int port() {
        return Integer.parseInt(a.get("port"));
    }

    private int num(String k, int d) {
        return Integer.parseInt(a.getOrDefault(k, String.valueOf(d)));
    }

    /** One publisher: pumps PUBLISH packets while its outstanding count is under its window. */
    private final class Publisher {
        final BenchClient client;
        final int index;
        final int windowDeliveries;
        final int fanout;
        final String topic;
        final int qos;
        final int payload;
        final AtomicInteger outstanding = new AtomicInteger();
        final AtomicBoolean pumpScheduled = new AtomicBoolean();
        volatile boolean running = true;
        int packetId;

        Publisher(BenchClient client, int index, int window, int fanout, String topic, int qos, int payload) {
            this.client = client;
            this.index = index;
            this.windowDeliveries = window * fanout;
            this.fanout = fanout;
            this.topic = topic;
            this.qos = qos;
            this.payload = payload;
        }

        void delivered() {
            if (outstanding.decrementAndGet() <= windowDeliveries - fanout && pumpScheduled.compareAndSet(false, true)) {
                client.channel.eventLoop().execute(this::pump);
            }
        }

        void pump() {
            pumpScheduled.set(false);
            if (ratePerSecond > 0) return; // paced: ticks send, deliveries do not
            int sent = 0;
            while (running && outstanding.get() + fanout <= windowDeliveries && client.channel.isWritable()) {
                writeOne();
                sent++;
            }
            if (sent > 0) client.channel.flush();
        }

        private void writeOne() {
            ByteBuf buf = Unpooled.buffer(payload);
            buf.writeLong(System.nanoTime());
            buf.writeInt(index);
            buf.writeZero(payload - 12);
            packetId = packetId % 60000 + 1;
            outstanding.addAndGet(fanout);
            client.channel.write(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false,
                    MqttQoS.valueOf(qos), false, 0), new MqttPublishVariableHeader(topic, qos == 0 ? -1 : packetId), buf),
                    client.channel.voidPromise());
        }

        double ratePerSecond;
        long pacedSent;
        long pacedStart;

        /** Open loop at a fixed rate: every tick sends what the schedule says is due. */
        void startPaced(double rate) {
            ratePerSecond = rate;
            pacedStart = System.nanoTime();
            client.channel.eventLoop().scheduleAtFixedRate(() -> {
                if (!running) return;
                long due = (long) ((System.nanoTime() - pacedStart) / 1e9 * ratePerSecond);
                int n = 0;
                while (pacedSent < due && n < 10_000) {
                    writeOne();
                    pacedSent++;
                    n++;
                }
                if (n > 0) client.channel.flush();
            }, 0, 2, TimeUnit.MILLISECONDS);
        }
    }

    private void throughput() throws Exception {
        String scenario = a.get("scenario");
        int qos = num("qos", 0);
        int window = num("window", 100);
        int payload = Math.max(16, num("payload", 64));
        int warmup = num("warmup", 4);
        int seconds = num("seconds", 8);
        int publishers = scenario.equals("fan-in") ? 100 : 1;
        int subscribers = scenario.equals("fan-out") ? 100 : 1;
        String filter = switch (scenario) {
            case "one-to-one" -> "bench/one";
            case "fan-in" -> "bench/in/+";
            case "fan-out" -> "bench/out";
            default -> throw new IllegalArgumentException(scenario);
        };
        Latencies lat = new Latencies(30_000_000);
        LongAdder delivered = new LongAdder();
        AtomicBoolean measuring = new AtomicBoolean();
        List<Publisher> pubs = new ArrayList<>();
        List<BenchClient> subs = new ArrayList<>();
        Publisher[] byIndex = new Publisher[publishers];

        for (int i = 0; i < subscribers; i++) {
            BenchClient s = BenchClient.connect(group, tls, host(), port(), "bench-s" + i, 600, buf -> {
                long sent = buf.getLong(buf.readerIndex());
                int idx = buf.getInt(buf.readerIndex() + 8);
                if (measuring.get()) {
                    lat.record(System.nanoTime() - sent);
                    delivered.increment();
                }
                if (idx >= 0 && idx < byIndex.length && byIndex[idx] != null) byIndex[idx].delivered();
            });
            subs.add(s);
        }
        for (BenchClient s : subs) {
            s.connected.get(30, TimeUnit.SECONDS);
            s.subscribe(filter, qos);
            s.subscribed.get(30, TimeUnit.SECONDS);
        }
        int perPublisher = Math.max(1, window / publishers);
        for (int i = 0; i < publishers; i++) {
            BenchClient c = BenchClient.connect(group, tls, host(), port(), "bench-p" + i, 600, b -> { });
            c.connected.get(30, TimeUnit.SECONDS);
            String topic = scenario.equals("fan-in") ? "bench/in/" + i : scenario.equals("fan-out") ? "bench/out" : "bench/one";
            Publisher p = new Publisher(c, i, perPublisher, subscribers, topic, qos, payload);
            byIndex[i] = p;
            pubs.add(p);
        }
        String session = subs.get(0).tlsSession();
        double rate = Double.parseDouble(a.getOrDefault("rate", "0"));
        if (rate > 0) {
            for (Publisher p : pubs) p.startPaced(rate / publishers);
        } else {
            for (Publisher p : pubs) p.client.channel.eventLoop().execute(p::pump);
        }
        long brokerPid = Long.parseLong(a.getOrDefault("broker-pid", "0"));
        Thread.sleep(warmup * 1000L);
        ProcStat before = brokerPid > 0 ? ProcStat.read(brokerPid) : null;
        if (a.containsKey("measuring")) Files.writeString(Path.of(a.get("measuring")), "measuring\n");
        measuring.set(true);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        String cost = before == null ? "" : " " + ProcStat.perMessage(before, ProcStat.read(brokerPid), delivered.sum());
        for (Publisher p : pubs) p.running = false;
        double measured = delivered.sum() / elapsed;
        System.out.printf("RESULT label=%s scenario=%s qos=%d mode=%s msgs_per_s=%.0f p50_us=%.0f p99_us=%.0f samples=%d payload=%d tls=%s%s%n",
                a.get("label"), scenario, qos, rate > 0 ? "rate-" + (long) rate : "window-" + window, measured,
                lat.percentileMicros(50), lat.percentileMicros(99), lat.count(), payload, session.replace(' ', '/'), cost);
        for (Publisher p : pubs) p.client.disconnect();
        for (BenchClient s : subs) s.disconnect();
        Thread.sleep(300);
    }

    private void connections() throws Exception {
        int count = num("count", 10_000);
        Semaphore inFlight = new Semaphore(num("concurrency", 200));
        List<BenchClient> clients = new ArrayList<>(count);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            BenchClient c = BenchClient.connect(group, tls, host(), port(), "bench-c" + i, 1200, b -> { });
            clients.add(c);
            all.add(c.connected.whenComplete((v, e) -> {
                if (e == null) ok.incrementAndGet();
                else failed.incrementAndGet();
                inFlight.release();
            }));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        } catch (Exception someFailed) {
            // counted
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        int open = 0;
        for (BenchClient c : clients) if (c.channel != null && c.channel.isActive()) open++;
        System.out.printf("RESULT label=%s connections_ok=%d failed=%d open=%d seconds=%.1f%n", a.get("label"), ok.get(),
                failed.get(), open, secs);
        if (a.containsKey("ready")) Files.writeString(Path.of(a.get("ready")), ok.get() + "\n");
        if (a.containsKey("release")) {
            Path release = Path.of(a.get("release"));
            while (!Files.exists(release)) Thread.sleep(200);
        }
        int stillOpen = 0;
        for (BenchClient c : clients) if (c.channel != null && c.channel.isActive()) stillOpen++;
        System.out.printf("RESULT label=%s still_open_at_release=%d%n", a.get("label"), stillOpen);
        for (BenchClient c : clients) if (c.channel != null) c.channel.close();
    }
}
