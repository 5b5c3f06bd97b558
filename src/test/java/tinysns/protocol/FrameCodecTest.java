package tinysns.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Set;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.Heartbeat;
import tinysns.testing.NoLeaks;

@ExtendWith(NoLeaks.class)
class FrameCodecTest {

    private static final WireLimits LIMITS = new WireLimits(1024);

    private static EmbeddedChannel newChannel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        FrameCodec.install(channel.pipeline(), LIMITS);
        channel.pipeline().addLast(ProtocolErrorHandler.INSTANCE);
        return channel;
    }

    /** Encodes with the real encoder, so tests feed exactly what a peer would send. */
    private static ByteBuf encode(Envelope... envelopes) {
        EmbeddedChannel out = newChannel();
        for (Envelope e : envelopes) {
            out.writeOutbound(e);
        }
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = out.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        out.finishAndReleaseAll();
        return all;
    }

    private static ByteBuf frame(int declaredLength, byte[] payload) {
        return Unpooled.buffer().writeInt(declaredLength).writeBytes(payload);
    }

    @Test
    void everyBodyTypeSurvivesARoundTrip() {
        List<Envelope> all = Envelopes.oneOfEveryBody();
        EmbeddedChannel channel = newChannel();
        for (Envelope e : all) {
            assertFalse(channel.writeInbound(encode(e)) && false);
            assertEquals(e, channel.readInbound());
        }
        assertTrue(channel.isOpen());
        assertEquals(all.size(), Envelope.BodyCase.values().length - 1, "every oneof case was covered");
        channel.finishAndReleaseAll();
    }

    @Test
    void aFrameSplitAcrossManyReadsIsDecodedOnce() {
        Envelope post = Envelope.newBuilder().setMessageId(7)
                .setPost(Message.newBuilder().setUsername("4").setMsg("hello there, this is a longer post")).build();
        ByteBuf bytes = encode(post);
        EmbeddedChannel channel = newChannel();
        while (bytes.isReadable()) {
            channel.writeInbound(bytes.readRetainedSlice(1));
        }
        bytes.release();
        assertEquals(post, channel.readInbound());
        assertNull(channel.readInbound());
        channel.finishAndReleaseAll();
    }

    @Test
    void manyFramesInOneReadAreAllDecodedInOrder() {
        Envelope[] many = new Envelope[100];
        for (int i = 0; i < many.length; i++) {
            many[i] = Envelope.newBuilder().setMessageId(i + 1)
                    .setHeartbeat(Heartbeat.newBuilder().setClusterId(1 + i % 3)
                            .setServerInfo(ServerInfo.newBuilder().setServerId(i + 1).setHostname("localhost").setPort(10000 + i)))
                    .build();
        }
        EmbeddedChannel channel = newChannel();
        channel.writeInbound(encode(many));
        for (Envelope expected : many) {
            assertEquals(expected, channel.readInbound());
        }
        channel.finishAndReleaseAll();
    }

    @Test
    void aZeroLengthFrameClosesTheConnection() {
        EmbeddedChannel channel = newChannel();
        channel.writeInbound(frame(0, new byte[0]));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void aLengthOverTheMaximumClosesTheConnectionBeforeThePayloadArrives() {
        EmbeddedChannel channel = newChannel();
        channel.writeInbound(frame(LIMITS.maxFrameBytes() + 1, new byte[10]));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void aFrameExactlyAtTheMaximumIsAccepted() {
        String text = "x".repeat(LIMITS.maxFrameBytes() - 16);
        Envelope big = Envelope.newBuilder().setMessageId(1).setPost(Message.newBuilder().setMsg(text)).build();
        int size = big.getSerializedSize();
        Envelope exact = Envelope.newBuilder().setMessageId(1)
                .setPost(Message.newBuilder().setMsg("x".repeat(text.length() + LIMITS.maxFrameBytes() - size))).build();
        assertEquals(LIMITS.maxFrameBytes(), exact.getSerializedSize());
        EmbeddedChannel channel = newChannel();
        channel.writeInbound(encode(exact));
        assertEquals(exact, channel.readInbound());
        assertTrue(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void aNegativeLengthClosesTheConnection() {
        EmbeddedChannel channel = newChannel();
        channel.writeInbound(frame(-5, new byte[8]));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void aValidFrameWithGarbagePayloadClosesTheConnection() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
        EmbeddedChannel channel = newChannel();
        channel.writeInbound(frame(garbage.length, garbage));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void anEnvelopeWithAnUnknownBodyClosesTheConnection() {
        // Field 99, varint 1: parses, but is no body this protocol knows.
        byte[] unknown = {(byte) 0x98, 0x06, 0x01};
        EmbeddedChannel channel = newChannel();
        channel.writeInbound(frame(unknown.length, unknown));
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void anEnvelopeCutShortByAStrayEndGroupTagClosesTheConnection() {
        // A whole ping envelope, then an end-group tag (field 5, wire type 4), then bytes that are no protobuf at all:
        // parsing must not stop quietly at the tag and hand on a ping, ignoring the rest of the frame.
        byte[] payload = {0x08, 0x01, 0x22, 0x00, 0x2c, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        EmbeddedChannel channel = newChannel();
        channel.writeInbound(frame(payload.length, payload));
        assertNull(channel.readInbound());
        assertFalse(channel.isOpen());
        channel.finishAndReleaseAll();
    }

    @Test
    void randomBytesEitherDecodeOrCloseTheConnection() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            byte[] junk = new byte[1 + random.nextInt(64)];
            random.nextBytes(junk);
            EmbeddedChannel channel = newChannel();
            channel.writeInbound(Unpooled.wrappedBuffer(junk));
            for (Object decoded; (decoded = channel.readInbound()) != null; ) {
                assertTrue(decoded instanceof Envelope);
            }
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void anOutgoingEnvelopeOverTheMaximumIsNotSent() {
        EmbeddedChannel channel = newChannel();
        Envelope huge = Envelope.newBuilder().setPost(Message.newBuilder().setMsg("y".repeat(2 * LIMITS.maxFrameBytes()))).build();
        assertFalse(channel.writeOneOutbound(huge).isSuccess());
        assertNull(channel.readOutbound());
        channel.finishAndReleaseAll();
    }

    @Test
    void envelopesDecodedFromDirectFramesKeepTheirContentWhenTheNextFrameArrives() {
        Envelope first = Envelope.newBuilder().setMessageId(1)
                .setPost(Message.newBuilder().setUsername("4").setMsg("the first post, a long one")).build();
        Envelope second = Envelope.newBuilder().setMessageId(2)
                .setPost(Message.newBuilder().setUsername("5").setMsg("another")).build();
        EmbeddedChannel channel = newChannel();
        for (Envelope e : new Envelope[] {first, second}) {
            ByteBuf heap = encode(e);
            channel.writeInbound(Unpooled.directBuffer().writeBytes(heap));
            heap.release();
        }
        assertEquals(first, channel.readInbound());
        assertEquals(second, channel.readInbound());
        channel.finishAndReleaseAll();
    }

    private static EmbeddedChannel newChannelLeavingHeartbeatsUnparsed() {
        EmbeddedChannel channel = new EmbeddedChannel();
        FrameCodec.install(channel.pipeline(), LIMITS, Set.of(Envelope.BodyCase.HEARTBEAT));
        channel.pipeline().addLast(ProtocolErrorHandler.INSTANCE);
        return channel;
    }

    @Test
    void aPlainHeartbeatFrameIsLeftUnparsedAndParsesLaterToTheSameEnvelope() {
        Envelope heartbeat = Envelope.newBuilder().setMessageId(300).setHeartbeat(Heartbeat.newBuilder().setClusterId(2)
                .setServerInfo(ServerInfo.newBuilder().setServerId(7).setHostname("host-a").setPort(10007))).build();
        // The message ID after the body: any field order is the same envelope.
        ByteBuf idLast = Unpooled.buffer();
        byte[] body = heartbeat.toBuilder().clearMessageId().build().toByteArray();
        byte[] id = Envelope.newBuilder().setMessageId(300).build().toByteArray();
        idLast.writeInt(body.length + id.length).writeBytes(body).writeBytes(id);
        EmbeddedChannel channel = newChannelLeavingHeartbeatsUnparsed();
        for (ByteBuf frame : new ByteBuf[] {encode(heartbeat), idLast}) {
            channel.writeInbound(frame);
            UnparsedRequest unparsed = channel.readInbound();
            assertEquals(300, unparsed.messageId());
            assertEquals(Envelope.BodyCase.HEARTBEAT, unparsed.bodyCase());
            assertEquals(heartbeat, unparsed.parse());
            unparsed.release();
        }
        channel.finishAndReleaseAll();
    }

    @Test
    void otherBodiesAndOtherShapesAreParsedAsUsual() {
        Envelope post = Envelope.newBuilder().setMessageId(1).setPost(Message.newBuilder().setMsg("hi")).build();
        byte[] heartbeat = Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setClusterId(1)).build().toByteArray();
        byte[] twoBodies = new byte[2 * heartbeat.length];
        System.arraycopy(heartbeat, 0, twoBodies, 0, heartbeat.length);
        System.arraycopy(heartbeat, 0, twoBodies, heartbeat.length, heartbeat.length);
        EmbeddedChannel channel = newChannelLeavingHeartbeatsUnparsed();
        channel.writeInbound(encode(post));
        assertEquals(post, channel.readInbound());
        channel.writeInbound(frame(twoBodies.length, twoBodies));
        assertInstanceOf(Envelope.class, channel.readInbound(), "two bodies: protobuf's merge rules apply");
        channel.finishAndReleaseAll();
    }

    @Test
    void randomBytesWithHeartbeatsLeftUnparsedEitherDecodeOrCloseTheConnection() {
        Random random = new Random(7);
        byte[] prefix = {0x52}; // field 10 (heartbeat), length-delimited: most inputs start as a heartbeat
        for (int i = 0; i < 2_000; i++) {
            byte[] junk = new byte[1 + random.nextInt(48)];
            random.nextBytes(junk);
            ByteBuf input = Unpooled.buffer().writeInt(prefix.length + junk.length).writeBytes(prefix).writeBytes(junk);
            EmbeddedChannel channel = newChannelLeavingHeartbeatsUnparsed();
            channel.writeInbound(input);
            for (Object decoded; (decoded = channel.readInbound()) != null; ) {
                if (decoded instanceof UnparsedRequest unparsed) {
                    try {
                        assertEquals(Envelope.BodyCase.HEARTBEAT, unparsed.parse().getBodyCase());
                    } catch (BadFrameException e) {
                        // a body that is not a valid heartbeat: the dispatcher closes the connection on it
                    } finally {
                        unparsed.release();
                    }
                } else {
                    assertTrue(decoded instanceof Envelope);
                }
            }
            channel.finishAndReleaseAll();
        }
    }
}
