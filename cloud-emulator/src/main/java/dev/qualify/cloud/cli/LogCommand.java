package dev.qualify.cloud.cli;

import dev.qualify.cloud.capture.CapturedPacket;
import dev.qualify.cloud.capture.ConnectionEvent;
import dev.qualify.cloud.capture.Direction;
import dev.qualify.cloud.capture.PacketFile;
import dev.qualify.cloud.capture.PacketFileTail;
import dev.qualify.cloud.capture.PacketType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code qualify cloud log --data-dir D [--follow] [--client ID] [--json]}: what the cloud started with
 * {@code --advisor} recorded, one packet or connection event a line, from its capture file.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = {"Prints every packet and connection event the cloud recorded (qualify cloud start --advisor), one a line:",
                "time, client id, direction (IN: to the cloud, OUT: to the client), type, packet id, QoS and flags, topic or",
                "filters, reason codes, payload bytes. --follow keeps printing new ones until Ctrl-C."})
public final class LogCommand extends DataDirCommand {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Option(names = {"-f", "--follow"}, description = "keep printing new packets as the cloud records them")
    boolean follow;

    @Option(names = "--client", paramLabel = "ID", description = "only this client id's packets (and its connections' events)")
    String client;

    @Option(names = "--json", description = "one JSON object a line, as in the capture file (see docs/cloud.md)")
    boolean json;

    private final Map<String, String> clients = new HashMap<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = out();
        Path file = PacketFile.of(dataDir());
        if (!follow) {
            if (!Files.exists(file)) {
                err().println("qualify cloud log: no capture file " + file
                        + "; start the cloud with: qualify cloud start --advisor --data-dir " + dataDir());
                return 2;
            }
            PacketFile.Contents all;
            try {
                all = PacketFile.read(file);
            } catch (IllegalArgumentException e) {
                err().println("qualify cloud log: " + e.getMessage());
                return 3;
            }
            // packets and events in capture order (they share one sequence)
            List<PacketFile.Entry> merged = new ArrayList<>();
            all.packets().forEach(p -> merged.add(new PacketFile.Entry(p, null, p.clientId())));
            all.events().forEach(e -> merged.add(new PacketFile.Entry(null, e, null)));
            merged.sort(Comparator.comparingLong(LogCommand::sequence));
            merged.forEach(e -> print(out, e));
            out.flush();
            return 0;
        }
        if (!Files.exists(file)) {
            err().println("waiting for " + file + " (a cloud started with --advisor on " + dataDir() + ")");
            err().flush();
        }
        new PacketFileTail(file, 100).follow(e -> {
            print(out, e);
            out.flush();
        }, () -> Thread.currentThread().isInterrupted());
        return 130;
    }

    private static long sequence(PacketFile.Entry e) {
        return e.packet() != null ? e.packet().sequence() : e.event().sequence();
    }

    private void print(PrintWriter out, PacketFile.Entry e) {
        String id = e.clientId();
        if (e.packet() != null && id != null) clients.put(e.connectionId(), id);
        if (id == null) id = clients.get(e.connectionId());
        if (client != null && !client.equals(id)) return;
        if (json) {
            out.println(e.packet() != null ? PacketFile.line(e.packet()) : PacketFile.line(e.event(), id));
            return;
        }
        String who = id != null ? id : "[" + e.connectionId() + "]";
        if (e.packet() != null) {
            out.println(TIME.format(e.packet().at()) + "  " + who + "  " + describe(e.packet()));
        } else {
            ConnectionEvent ev = e.event();
            out.println(TIME.format(ev.at()) + "  " + who + "  --   " + ev.event()
                    + (ev.detail() == null || ev.detail().isEmpty() ? "" : "  " + ev.detail())
                    + (ev.event().equals("OPENED") && ev.remoteAddress() != null ? "  from " + ev.remoteAddress() + " on " + ev.listener() : ""));
        }
    }

    /** {@code IN   PUBLISH  id=3 qos=1 dup retain topic=a/b bytes=12}. */
    static String describe(CapturedPacket p) {
        StringBuilder b = new StringBuilder();
        b.append(p.direction() == Direction.IN ? "IN " : "OUT").append("  ").append(p.type());
        if (p.packetId() >= 0) b.append("  id=").append(p.packetId());
        if (p.type() == PacketType.PUBLISH) b.append(" qos=").append(p.qos());
        if (p.dup()) b.append(" dup");
        if (p.retain()) b.append(" retain");
        if (p.topic() != null) b.append(p.type() == PacketType.CONNECT ? " will=" : " topic=").append(p.topic());
        if (!p.topicFilters().isEmpty()) b.append(" filters=").append(String.join(",", p.topicFilters()));
        if (!p.codes().isEmpty()) b.append(" codes=").append(p.codes());
        if (p.type() == PacketType.PUBLISH) b.append(" bytes=").append(p.payload().length);
        if (p.type() == PacketType.CONNECT || p.type() == PacketType.MALFORMED) {
            b.append("  ").append(p.detail().startsWith("CONNECT ") ? p.detail().substring("CONNECT ".length()) : p.detail());
        }
        return b.toString();
    }
}
