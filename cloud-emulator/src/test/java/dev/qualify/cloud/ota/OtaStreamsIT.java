package dev.qualify.cloud.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.qualify.api.cloud.OtaJobStatus;
import dev.qualify.api.cloud.OtaUpdate;
import dev.qualify.api.cloud.OtaUpdates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** OTA updates on the emulated cloud, through a real MQTT client: the job document, stream blocks, cancellation. */
class OtaStreamsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new CBORMapper();
    @TempDir
    Path dir;
    OtaTestCloud c;
    OtaUpdates ota;
    Mqtt5BlockingClient client;
    final byte[] file = new byte[2500];

    @BeforeEach
    void start() throws Exception {
        for (int i = 0; i < file.length; i++) file[i] = (byte) (i * 7);
        c = new OtaTestCloud(dir);
        ota = c.ota;
        client = c.client;
    }

    @AfterEach
    void stop() {
        c.close();
    }

    @Test
    void theJobDocumentHasTheAfrOtaShapeWithTheSignatureUnderItsAlgorithmsKey() throws Exception {
        ota.create(new OtaUpdate("job-1", "dev1", "firmware.bin", file, "signer.crt", "sig-sha256-ecdsa", new byte[] {1, 2, 3}, 0));
        publish("$aws/things/dev1/jobs/$next/get", JSON.writeValueAsBytes(JSON.createObjectNode().put("clientToken", "0:dev1")));
        JsonNode doc = JSON.readTree(expect("$aws/things/dev1/jobs/$next/get/accepted")).path("execution").path("jobDocument");
        JsonNode afr = doc.path("afr_ota");
        assertThat(afr.path("protocols").toString()).isEqualTo("[\"MQTT\"]");
        assertThat(afr.path("streamname").asText()).isEqualTo("AFR_OTA-job-1");
        JsonNode f = afr.path("files").path(0);
        assertThat(f.path("filepath").asText()).isEqualTo("firmware.bin");
        assertThat(f.path("filesize").asInt()).isEqualTo(2500);
        assertThat(f.path("fileid").asInt()).isZero();
        assertThat(f.path("certfile").asText()).isEqualTo("signer.crt");
        assertThat(f.path("sig-sha256-ecdsa").asText()).isEqualTo(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
    }

    @Test
    void aCborBitmapRequestGetsExactlyTheMarkedBlocksUpToN() throws Exception {
        ota.create(new OtaUpdate("job-2", "dev1", "firmware.bin", file, "signer.crt", null, null, 0));
        ObjectNode r = CBOR.createObjectNode();
        r.put("c", "rdy").put("f", 0).put("l", 1024).put("o", 0).put("n", 2);
        r.put("b", new byte[] {0b00000101}); // blocks 0 and 2
        publish("$aws/things/dev1/streams/AFR_OTA-job-2/get/cbor", CBOR.writeValueAsBytes(r));
        List<JsonNode> blocks = new ArrayList<>();
        blocks.add(CBOR.readTree(expect("$aws/things/dev1/streams/AFR_OTA-job-2/data/cbor")));
        blocks.add(CBOR.readTree(expect("$aws/things/dev1/streams/AFR_OTA-job-2/data/cbor")));
        assertThat(blocks).extracting(b -> b.path("i").asInt()).containsExactly(0, 2);
        JsonNode last = blocks.get(1);
        assertThat(last.path("f").asInt()).isZero();
        assertThat(last.path("l").asInt()).isEqualTo(2500 - 2048);
        assertThat(last.path("p").binaryValue()).isEqualTo(java.util.Arrays.copyOfRange(file, 2048, 2500));
        assertThat(ota.blocksServed("job-2")).isEqualTo(2);
    }

    @Test
    void aJsonRequestIsAnsweredInJsonWithBase64Payloads() throws Exception {
        ota.create(new OtaUpdate("job-3", "dev1", "firmware.bin", file, "signer.crt", null, null, 0));
        publish("$aws/things/dev1/streams/AFR_OTA-job-3/get/json",
                "{\"c\":\"rdy\",\"f\":0,\"l\":1024,\"o\":1,\"n\":1}".getBytes());
        JsonNode b = JSON.readTree(expect("$aws/things/dev1/streams/AFR_OTA-job-3/data/json"));
        assertThat(b.path("i").asInt()).isEqualTo(1);
        assertThat(Base64.getDecoder().decode(b.path("p").asText())).isEqualTo(java.util.Arrays.copyOfRange(file, 1024, 2048));
    }

    @Test
    void aBlockSizeOutOfRangeOrAnUnknownStreamGetsNoData() throws Exception {
        ota.create(new OtaUpdate("job-4", "dev1", "firmware.bin", file, "signer.crt", null, null, 0));
        ObjectNode r = CBOR.createObjectNode().put("c", "rdy").put("f", 0).put("l", 16).put("o", 0).put("n", 1);
        publish("$aws/things/dev1/streams/AFR_OTA-job-4/get/cbor", CBOR.writeValueAsBytes(r));
        publish("$aws/things/dev1/streams/AFR_OTA-nope/get/cbor", CBOR.writeValueAsBytes(r.put("l", 1024)));
        assertThat(nothingOn("/data/cbor")).isTrue();
        assertThat(ota.blocksServed("job-4")).isZero();
    }

    @Test
    void theConnectionIsDroppedOnceAfterTheConfiguredNumberOfBlocks() throws Exception {
        ota.create(new OtaUpdate("job-5", "dev1", "firmware.bin", file, "signer.crt", null, null, 2));
        ObjectNode r = CBOR.createObjectNode().put("c", "rdy").put("f", 0).put("l", 1024).put("o", 0).put("n", 3);
        // QoS 0: the connection may be gone before a PUBACK could come
        client.publishWith().topic("$aws/things/dev1/streams/AFR_OTA-job-5/get/cbor").qos(MqttQos.AT_MOST_ONCE)
                .payload(CBOR.writeValueAsBytes(r)).send();
        await().atMost(10, TimeUnit.SECONDS).until(() -> !client.getState().isConnected());
        assertThat(ota.blocksServed("job-5")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCanceledJobIsCanceledForTheThingAndNoLongerItsNextJob() throws Exception {
        ota.create(new OtaUpdate("job-6", "dev1", "firmware.bin", file, "signer.crt", null, null, 0));
        expect("$aws/things/dev1/jobs/notify-next");
        ota.cancel("job-6");
        assertThat(ota.status("job-6", "dev1")).map(OtaJobStatus::status).contains("CANCELED");
        assertThat(ota.status("job-6", "dev1")).map(OtaJobStatus::terminal).contains(true);
        JsonNode next = JSON.readTree(expect("$aws/things/dev1/jobs/notify-next"));
        assertThat(next.has("execution")).as("no next job after the cancel: %s", next).isFalse();
        publish("$aws/things/dev1/jobs/job-6/update", "{\"status\":\"SUCCEEDED\"}".getBytes());
        assertThat(ota.status("job-6", "dev1")).map(OtaJobStatus::status).contains("CANCELED");
    }

    private void publish(String topic, byte[] payload) {
        c.publish(topic, payload);
    }

    private byte[] expect(String topic) throws Exception {
        return c.expect(topic);
    }

    private boolean nothingOn(String suffix) throws Exception {
        return c.nothingOn(suffix);
    }
}
