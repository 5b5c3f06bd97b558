package tinysns.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import tinysns.protocol.FrameCodec;
import tinysns.protocol.proto.Envelope;

/** A plain blocking socket that sends exactly the bytes a test gives it: a misbehaving peer. */
public final class RawSocket implements AutoCloseable {

    private final Socket socket;

    public RawSocket(int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBufferBytes a small receive buffer makes a non-reading peer back up quickly; 0 keeps the default */
    public RawSocket(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
    }

    public void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    public void send(Envelope envelope) throws IOException {
        send(FrameCodec.frameBytes(envelope));
    }

    /** Reads one frame, or returns null when the server closed the connection first. */
    public Envelope receive() throws IOException {
        InputStream in = socket.getInputStream();
        byte[] prefix = in.readNBytes(4);
        if (prefix.length < 4) {
            return null;
        }
        byte[] payload = in.readNBytes(ByteBuffer.wrap(prefix).getInt());
        return Envelope.parseFrom(payload);
    }

    /** True once the server has closed the connection (end of stream or reset); reads and discards what comes first. */
    public boolean closedByServer() throws IOException {
        try {
            byte[] sink = new byte[8192];
            while (socket.getInputStream().read(sink) >= 0) {
                // discard replies that preceded the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: the server closed with unread input
        }
    }

    /** Reads and discards everything the server sends, until the connection ends. */
    public void drain() {
        try {
            closedByServer();
        } catch (IOException e) {
            // the connection ended
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
