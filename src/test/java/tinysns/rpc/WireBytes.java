package tinysns.rpc;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Raw wire bytes for hostile inputs: length prefixes, varints (also over-long ones), joined and filled byte runs. */
final class WireBytes {

    private WireBytes() {
    }

    static byte[] prefix(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] filled(int n, byte value) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, value);
        bytes[n - 1] = value;
        return bytes;
    }

    static byte[] varint(long value) {
        return encode(out -> out.writeUInt64NoTag(value));
    }

    /** The varint of {@code value}, stretched with redundant continuation bytes to exactly {@code bytes} bytes. */
    static byte[] paddedVarint(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = (byte) ((value & 0x7f) | (i < bytes - 1 ? 0x80 : 0));
            value >>>= 7;
        }
        return out;
    }

    interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] encode(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
