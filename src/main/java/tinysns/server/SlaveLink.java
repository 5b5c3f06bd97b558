package tinysns.server;

import java.util.concurrent.CompletableFuture;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.MirrorBatch;
import tinysns.protocol.proto.MirrorHello;
import tinysns.protocol.proto.MirrorPosition;
import tinysns.protocol.proto.ServerInfo;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;

/**
 * The master's link to one slave: a connection, and whether the slave is in sync (it holds every durable change of
 * the master's log, so every batch goes to it and waits for it). A link starts out of sync; {@link Mirror} makes it
 * in sync once the slave has caught up. Its state is read and written by the commit thread, except the connection,
 * which the I/O thread sets up.
 */
final class SlaveLink {

    private final ServerInfo slave;
    private volatile RpcConnection connection;
    private volatile boolean inSync;
    private volatile boolean closed;

    SlaveLink(ServerInfo slave) {
        this.slave = slave;
    }

    ServerInfo slave() {
        return slave;
    }

    String address() {
        return slave.getHostname() + ":" + slave.getPort();
    }

    String name() {
        return "slave server " + slave.getServerId() + " at " + address();
    }

    boolean inSync() {
        return inSync && !closed;
    }

    void setInSync(boolean value) {
        inSync = value;
    }

    boolean closed() {
        return closed;
    }

    /** Connects and says hello; the future holds where the slave's log stands. */
    CompletableFuture<MirrorPosition> open(RpcClient rpc, MirrorHello hello) {
        return rpc.connect(slave.getHostname(), slave.getPort()).thenCompose(conn -> {
            if (closed) {
                conn.close();
                throw new IllegalStateException("the link to " + address() + " was closed");
            }
            connection = conn;
            return conn.call(Envelope.newBuilder().setMirrorHello(hello));
        }).thenApply(Envelope::getMirrorPosition);
    }

    /** Sends a batch; the future holds where the slave's log stands once it is on disk there. */
    CompletableFuture<MirrorPosition> send(MirrorBatch batch) {
        RpcConnection conn = connection;
        if (conn == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no connection to " + address()));
        }
        return conn.call(Envelope.newBuilder().setMirrorBatch(batch)).thenApply(Envelope::getMirrorPosition);
    }

    /** Drops the connection (the link may be opened again). */
    void disconnect() {
        inSync = false;
        RpcConnection conn = connection;
        connection = null;
        if (conn != null) {
            conn.close();
        }
    }

    /** For good: the slave is no longer listed, or this server is no longer master. */
    void close() {
        closed = true;
        disconnect();
    }
}
