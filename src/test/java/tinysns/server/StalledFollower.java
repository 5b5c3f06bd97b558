package tinysns.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Request;

/**
 * A client that logs in, follows, opens its timeline and then never reads again: the slow consumer a server must
 * not buffer for without bound. A plain blocking socket with a tiny receive window.
 */
final class StalledFollower implements AutoCloseable {

    private final Socket socket;

    private StalledFollower(Socket socket) {
        this.socket = socket;
    }

    static StalledFollower open(int port, int user, int followee) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        send(out, Envelope.newBuilder().setMessageId(1).setLogin(Request.newBuilder().setUsername(Integer.toString(user))));
        send(out, Envelope.newBuilder().setMessageId(2).setFollow(Request.newBuilder().addArguments(Integer.toString(followee))));
        send(out, Envelope.newBuilder().setMessageId(3).setTimeline(Request.getDefaultInstance()));
        out.flush();
        return new StalledFollower(socket);
    }

    private static void send(DataOutputStream out, Envelope.Builder envelope) throws IOException {
        byte[] bytes = envelope.build().toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads the answers to its login, follow and timeline request (so the timeline is open), then nothing more. */
    StalledFollower awaitTimelineOpen() throws IOException {
        while (readFrame().getBodyCase() != Envelope.BodyCase.TIMELINE_OPENED) {
            // the login and follow confirmations
        }
        return this;
    }

    /** Starts reading after all: counts the timeline posts that arrive until none has come for {@code quiet}. */
    int readTimelinePosts(Duration quiet) throws IOException {
        socket.setSoTimeout((int) quiet.toMillis());
        int posts = 0;
        try {
            while (true) {
                if (readFrame().getBodyCase() == Envelope.BodyCase.TIMELINE_POST) {
                    posts++;
                }
            }
        } catch (SocketTimeoutException quietLongEnough) {
            return posts;
        }
    }

    private Envelope readFrame() throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return Envelope.parseFrom(frame);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
