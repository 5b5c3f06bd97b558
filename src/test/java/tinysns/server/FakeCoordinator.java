package tinysns.server;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.HeartbeatReply;
import tinysns.rpc.RequestDispatcher;
import tinysns.rpc.RpcServer;

/**
 * A stand-in for the coordinator, speaking its heartbeat contract: it records every heartbeat and answers
 * a {@code HeartbeatReply} with the default 10 s lease, or the error it was told to give. It can be stopped and started again on the same port.
 */
public final class FakeCoordinator implements AutoCloseable {

    private static final long LEASE_MILLIS = 10_000;

    private final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    private final RequestDispatcher dispatcher;
    private volatile ErrorCode rejectWith;
    private int port;
    private RpcServer server;

    private FakeCoordinator() {
        dispatcher = RequestDispatcher.builder()
                .on(BodyCase.HEARTBEAT, (request, ctx) -> {
                    heartbeats.add(request.getHeartbeat());
                    ErrorCode error = rejectWith;
                    if (error == null) {
                        ctx.reply(Envelope.newBuilder().setHeartbeatReply(HeartbeatReply.newBuilder().setLeaseMillis(LEASE_MILLIS)).build());
                    } else {
                        ctx.replyError(error, "the fake coordinator says " + error);
                    }
                })
                .build();
    }

    /** Starts on a free port of 127.0.0.1. */
    public static FakeCoordinator start() throws IOException {
        FakeCoordinator fake = new FakeCoordinator();
        fake.startOn(0);
        return fake;
    }

    private synchronized void startOn(int wanted) throws IOException {
        server = RpcServer.start("127.0.0.1", wanted, 1, WireLimits.DEFAULT, dispatcher);
        port = server.port();
    }

    public synchronized int port() {
        return port;
    }

    public List<Heartbeat> heartbeats() {
        return heartbeats;
    }

    public int heartbeatCount() {
        return heartbeats.size();
    }

    /** Answers every later heartbeat with this error (null: confirm again). */
    public void rejectWith(ErrorCode code) {
        rejectWith = code;
    }

    /** Goes away as a crashed coordinator would: the port closes and every connection drops. */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Comes back on the same port, with an empty table as a restarted coordinator has. */
    public synchronized void restart() throws IOException {
        stop();
        startOn(port);
    }

    @Override
    public void close() {
        stop();
    }
}
