package dev.qualify.cloud.broker;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing, with Jazzer, of the MQTT 3.1.1/5 decoder every broker connection has ({@link
 * MqttBroker#decoder}: Netty's {@code MqttDecoder} with the broker's packet and client-id limits), on Netty's
 * {@link EmbeddedChannel}. The input is what a client sends on one connection. It is decoded twice: in one read,
 * and seven bytes per read (as a fragmenting network delivers it).
 *
 * <p>A crash is: an exception out of the channel (the decoder must turn every malformed packet into a message whose
 * decoder result is a failure, which {@code MqttConnection} answers by closing the connection); anything but an
 * {@link MqttMessage} passed on; a failure whose cause is not one of the decoder's documented protocol errors (a
 * {@link DecoderException}, such as {@code TooLongFrameException}, {@code
 * MqttUnacceptableProtocolVersionException}, {@code MqttIdentifierRejectedException}, or an {@link
 * IllegalArgumentException} for an unknown packet type, QoS or property); or the two readings disagreeing on the
 * messages or on where a protocol error comes. A hang is an input that runs longer than the 10 s of {@code
 * @Timeout}, which Jazzer makes libFuzzer's per-input timeout.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs the inputs under {@code MqttDecoderFuzzTestInputs/} as a regression
 * test; {@code mvn -Pfuzz} fuzzes (see the parent pom).
 */
class MqttDecoderFuzzTest {
    static {
        // Loads (and, when fuzzing, instruments) the decoder's classes before the first timed input: on a loaded
        // machine that took longer than the per-input timeout and was reported as a hang of the empty input.
        decode(new byte[]{0x10, 0x0d, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 0x3c, 0, 1, 'a', (byte) 0xc0, 0}, 1);
    }

    // per input: what counts as a hang (under -Pfuzz, libFuzzer's -timeout); a thread of its own so that a
    // regression run fails at the deadline rather than when the input finally finishes
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @FuzzTest
    void anyByteStreamDecodesToMessagesOrProtocolErrors(byte[] data) {
        List<String> whole = decode(data, data.length);
        List<String> bytewise = decode(data, 7);
        assertThat(bytewise).as("decoded seven bytes per read").isEqualTo(whole);
    }

    /** The messages decoded from {@code data} delivered in reads of {@code chunk} bytes, described. */
    private static List<String> decode(byte[] data, int chunk) {
        EmbeddedChannel ch = new EmbeddedChannel(MqttBroker.decoder(BrokerLimits.IOT_CORE));
        List<String> seen = new ArrayList<>();
        try {
            for (int i = 0; i < data.length; i += Math.max(1, chunk)) {
                int n = Math.min(Math.max(1, chunk), data.length - i);
                ch.writeInbound(Unpooled.wrappedBuffer(data, i, n));
                drain(ch, seen);
            }
            ch.checkException();
        } finally {
            ch.finishAndReleaseAll();
        }
        return seen;
    }

    private static void drain(EmbeddedChannel ch, List<String> seen) {
        for (Object o; (o = ch.readInbound()) != null; ) {
            try {
                assertThat(o).isInstanceOf(MqttMessage.class);
                MqttMessage m = (MqttMessage) o;
                if (m.decoderResult().isFailure()) {
                    Throwable cause = m.decoderResult().cause();
                    assertThat(cause).as("decoder failure cause").isInstanceOfAny(DecoderException.class,
                            IllegalArgumentException.class);
                    // which protocol error wins may depend on the reads: a CONNECT that declares more than the
                    // limit and holds a bad property is "Unknown property type" when the header arrives in one read
                    // and TooLongFrameException when it arrives in pieces (seed oversized-connect-with-bad-property);
                    // the broker closes the connection for either
                    seen.add("failure");
                } else {
                    seen.add(DecodedMessages.describe(m));
                }
            } finally {
                ReferenceCountUtil.release(o);
            }
        }
    }
}
