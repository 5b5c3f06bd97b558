package tinysns.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.protocol.proto.Confirmation;
import tinysns.protocol.proto.Envelope;
import tinysns.testing.NoLeaks;

/** A body encoded once and sent under many message IDs: the same bytes as the envelope it stands for. */
@ExtendWith(NoLeaks.class)
class EncodedBodyTest {

    @Test
    void anEncodedBodyGoesOutAsTheSameBytesAsItsEnvelopeUnderAnyMessageId() {
        Envelope body = Envelope.newBuilder().setConfirmation(Confirmation.newBuilder().setStatus(true)).build();
        EncodedBody encoded = EncodedBody.of(body);
        for (long id : new long[] {0, 1, 127, 128, 300, 1L << 35, Long.MAX_VALUE, -1}) {
            Envelope expected = body.toBuilder().setMessageId(id).build();
            EmbeddedChannel channel = new EmbeddedChannel();
            FrameCodec.install(channel.pipeline(), WireLimits.DEFAULT);
            assertTrue(channel.writeOutbound(new EncodedEnvelope(id, encoded)));
            ByteBuf written = channel.readOutbound();
            assertArrayEquals(FrameCodec.frameBytes(expected), ByteBufUtil.getBytes(written), "message ID " + id);
            assertTrue(channel.writeInbound(written));
            assertEquals(expected, channel.readInbound());
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void anEncodedBodyHasNoMessageIdOfItsOwn() {
        Envelope withId = Envelope.newBuilder().setMessageId(3).setConfirmation(Confirmation.getDefaultInstance()).build();
        assertThrows(IllegalArgumentException.class, () -> EncodedBody.of(withId));
    }
}
