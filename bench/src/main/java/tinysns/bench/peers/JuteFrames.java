package tinysns.bench.peers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.InputArchive;
import org.apache.jute.Record;

/**
 * ZooKeeper's client wire format: every packet is a 4-byte big-endian length, then jute records (a header and a
 * body, or the connect record alone), serialised by the record classes the zookeeper artifact ships.
 */
final class JuteFrames {

    /** Replies here are small (a header, a path); anything near this is a garbled stream. */
    private static final int MAX_FRAME_BYTES = 1 << 20;

    private JuteFrames() {
    }

    /** Splits the inbound bytes into packets, each without its length prefix. */
    static void install(ChannelPipeline pipeline) {
        pipeline.addLast("jute-frames", new LengthFieldBasedFrameDecoder(MAX_FRAME_BYTES, 0, 4, 0, 4));
    }

    /** One packet: its length, then {@code records} in order. */
    static ByteBuf encode(ByteBufAllocator allocator, Record... records) {
        ByteBuf frame = allocator.buffer();
        frame.writeInt(0); // the length, filled in below
        try (ByteBufOutputStream out = new ByteBufOutputStream(frame)) {
            BinaryOutputArchive archive = BinaryOutputArchive.getArchive(out);
            for (Record record : records) {
                record.serialize(archive, record.getClass().getSimpleName());
            }
        } catch (IOException e) {
            frame.release();
            throw new UncheckedIOException("cannot serialise a ZooKeeper packet", e);
        }
        frame.setInt(0, frame.readableBytes() - Integer.BYTES);
        return frame;
    }

    /** Reads the records of one packet (length already stripped) in order; the frame stays the caller's. */
    static InputArchive reader(ByteBuf frame) {
        return BinaryInputArchive.getArchive(new ByteBufInputStream(frame));
    }

    /** Fills {@code record} from the next bytes of {@code in}. */
    static <R extends Record> R read(InputArchive in, R record) {
        try {
            record.deserialize(in, record.getClass().getSimpleName());
            return record;
        } catch (IOException e) {
            throw new UncheckedIOException("a garbled ZooKeeper packet: cannot read its " + record.getClass().getSimpleName(), e);
        }
    }
}
