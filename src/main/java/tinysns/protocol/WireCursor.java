package tinysns.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Reads protobuf wire format (tags, varints, length-delimited fields) in place from a range of a buffer, for the few
 * hot paths that read a message's fields without building it (see {@link UnparsedRequest}). Anything malformed or
 * truncated sets {@link #failed()} instead of throwing: the caller then hands the bytes to the protobuf parser,
 * which says exactly what is wrong.
 *
 * <p>It reads from an array: the buffer's own, or a copy of the range made once at {@link #reset}. Reading a direct
 * buffer byte by byte costs a bounds and a reference-count check per byte (a quarter of the coordinator's I/O
 * thread under the heartbeat throughput load); one copy of a small frame costs one.
 */
public final class WireCursor {

    public static final int WIRETYPE_VARINT = 0;
    public static final int WIRETYPE_LENGTH_DELIMITED = 2;

    /** Ranges up to this long are copied into the cursor's own array; longer ones (rare) into a new one. */
    private static final int REUSED_COPY_BYTES = 1024;

    private final byte[] copy = new byte[REUSED_COPY_BYTES];
    private byte[] bytes;
    /** The buffer's byte at index {@code i} is {@code bytes[i + offset]}. */
    private int offset;
    private int start;
    private int index;
    private int end;
    private boolean failed;

    /** Reads {@code length} bytes of {@code buf} from {@code index}; the cursor's indexes are the buffer's. */
    public WireCursor reset(ByteBuf buf, int index, int length) {
        if (buf.hasArray()) {
            bytes = buf.array();
            offset = buf.arrayOffset();
        } else {
            bytes = length <= copy.length ? copy : new byte[length];
            buf.getBytes(index, bytes, 0, length);
            offset = -index;
        }
        this.start = index;
        this.index = index;
        this.end = index + length;
        this.failed = false;
        return this;
    }

    public boolean hasMore() {
        return !failed && index < end;
    }

    public boolean failed() {
        return failed;
    }

    public int index() {
        return index;
    }

    /** A field's tag (field number << 3 | wire type); 0 after a failure. */
    public int readTag() {
        long tag = readVarint();
        if (tag <= 0 || tag > Integer.MAX_VALUE) {
            failed = true;
            return 0;
        }
        return (int) tag;
    }

    /** A base-128 varint, low groups first, at most 10 bytes. */
    public long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64 && index < end; shift += 7) {
            byte b = bytes[offset + index++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        failed = true;
        return 0;
    }

    /** A varint that must be a non-negative int (field numbers, ports, IDs as this protocol uses them). */
    public int readNonNegativeInt() {
        long value = readVarint();
        if (value < 0 || value > Integer.MAX_VALUE) {
            failed = true;
            return 0;
        }
        return (int) value;
    }

    /** The length of a length-delimited field, checked against what is left; the field's bytes start at {@link #index()}. */
    public int readLength() {
        int length = readNonNegativeInt();
        if (length > end - index) {
            failed = true;
            return 0;
        }
        return length;
    }

    /**
     * Whether {@code length} bytes at {@code index} of the cursor's buffer are {@code text}, each character one ASCII
     * byte: compares a string field with a string held, without decoding the field. False for any non-ASCII text.
     */
    public boolean asciiEquals(int index, int length, String text) {
        if (text.length() != length || index < start || index + length > end) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || bytes[offset + index + i] != c) {
                return false;
            }
        }
        return true;
    }

    public void skip(int bytes) {
        index += bytes;
    }
}
