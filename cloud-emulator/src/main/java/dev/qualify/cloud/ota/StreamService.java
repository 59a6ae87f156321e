package dev.qualify.cloud.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.qualify.cloud.broker.Message;
import dev.qualify.cloud.broker.Principal;
import dev.qualify.cloud.broker.ServiceHandler;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * MQTT-based file delivery as AWS IoT streams do it for the OTA library: a device publishes a block request to
 * {@code $aws/things/<thing>/streams/<streamId>/get/cbor} (or {@code /get/json}) and receives each requested block
 * on {@code .../data/cbor} (or {@code /data/json}).
 *
 * <p>Request keys (the OTA library's {@code ota_cbor_private.h}): {@code c} client token, {@code f} file id,
 * {@code l} block size, {@code o} block offset, {@code b} block bitmap (bit {@code i}, least significant first in
 * each byte, asks for block {@code o + i}), {@code n} number of blocks wanted. Each reply: {@code f} file id,
 * {@code i} block id, {@code l} the block's length, {@code p} its bytes. In JSON the byte strings are base64.
 * A request without a bitmap asks for {@code n} blocks from {@code o}. Requests for an unknown stream, file or
 * a block size out of 256..131072 bytes are ignored, as the service drops them.
 */
public final class StreamService implements ServiceHandler {
    /** The largest block the service sends (IoT streams: 128 KiB). */
    public static final int MAX_BLOCK_SIZE = 128 * 1024;
    /** The smallest block size it accepts. */
    public static final int MIN_BLOCK_SIZE = 256;

    private static final ObjectMapper CBOR = new CBORMapper();
    private static final ObjectMapper JSON = new JsonMapper();

    /** A stream's files by file id, and a fault: drop the client's connection after that many blocks (0: never). */
    private record Stream(Map<Integer, byte[]> files, int dropAfterBlocks) {
    }

    private final Consumer<Message> publisher;
    private final Consumer<String> disconnector;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final Map<String, Integer> served = new ConcurrentHashMap<>();

    /**
     * @param publisher    delivers data messages to the subscribed device
     * @param disconnector drops a client's connection, by client id
     */
    public StreamService(Consumer<Message> publisher, Consumer<String> disconnector) {
        this.publisher = publisher;
        this.disconnector = disconnector;
    }

    /**
     * Serves {@code files} (by file id) on {@code streamId}.
     *
     * @param dropAfterBlocks once this many blocks were sent, the requesting client is disconnected once; 0 never
     */
    public void addStream(String streamId, Map<Integer, byte[]> files, int dropAfterBlocks) {
        streams.put(streamId, new Stream(Map.copyOf(files), dropAfterBlocks));
    }

    /** How many blocks the stream has sent so far. */
    public int blocksServed(String streamId) {
        return served.getOrDefault(streamId, 0);
    }

    @Override
    public boolean onPublish(Principal principal, String topic, byte[] payload) {
        if (!topic.startsWith("$aws/things/")) return false;
        String[] p = topic.split("/", -1);
        if (p.length != 7 || !p[3].equals("streams") || !p[5].equals("get")) return false;
        boolean cbor = p[6].equals("cbor");
        if (!cbor && !p[6].equals("json")) return true; // a stream topic, but no format the service speaks
        Stream stream = streams.get(p[4]);
        if (stream == null) return true;
        JsonNode request;
        try {
            request = (cbor ? CBOR : JSON).readTree(payload);
        } catch (IOException e) {
            return true;
        }
        if (request == null || !request.isObject()) return true;
        byte[] file = stream.files().get(request.path("f").asInt(-1));
        int size = request.path("l").asInt(0);
        if (file == null || size < MIN_BLOCK_SIZE || size > MAX_BLOCK_SIZE) return true;
        String dataTopic = "$aws/things/" + p[2] + "/streams/" + p[4] + "/data/" + (cbor ? "cbor" : "json");
        int blocks = (file.length + size - 1) / size;
        for (int block : requested(request, blocks)) {
            send(principal, p[4], stream, dataTopic, cbor, request.path("f").asInt(), block, size, file);
        }
        return true;
    }

    /** The block ids a request asks for, in order, at most {@code n} of them and none past the file's end. */
    static List<Integer> requested(JsonNode request, int blocks) {
        int offset = Math.max(0, request.path("o").asInt(0));
        int wanted = Math.max(1, request.path("n").asInt(1));
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        JsonNode b = request.get("b");
        byte[] bitmap = null;
        try {
            bitmap = b == null || b.isNull() ? null : b.binaryValue();
        } catch (IOException e) {
            return List.of();
        }
        if (bitmap == null) {
            for (int i = offset; i < blocks && out.size() < wanted; i++) out.add(i);
            return out;
        }
        for (int i = 0; i < bitmap.length * 8 && out.size() < wanted; i++) {
            int block = offset + i;
            if (block >= blocks) break;
            if ((bitmap[i >> 3] & (1 << (i & 7))) != 0) out.add(block);
        }
        return out;
    }

    private void send(Principal principal, String streamId, Stream stream, String topic, boolean cbor, int fileId,
                      int block, int size, byte[] file) {
        int from = block * size;
        byte[] data = Arrays.copyOfRange(file, from, Math.min(file.length, from + size));
        ObjectNode reply = (cbor ? CBOR : JSON).createObjectNode();
        reply.put("f", fileId);
        reply.put("i", block);
        reply.put("l", data.length);
        reply.put("p", data);
        byte[] bytes;
        try {
            bytes = (cbor ? CBOR : JSON).writeValueAsBytes(reply);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a stream block", e);
        }
        publisher.accept(Message.internal(topic, bytes, 0));
        int n = served.merge(streamId, 1, Integer::sum);
        if (stream.dropAfterBlocks() > 0 && n == stream.dropAfterBlocks() && principal != null) {
            disconnector.accept(principal.clientId());
        }
    }
}
