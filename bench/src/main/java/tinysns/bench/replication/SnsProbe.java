package tinysns.bench.replication;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Request;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;

/** A client of the bench: asks the coordinator for cluster 1's master, logs in there and posts, timing the posts. */
final class SnsProbe {

    private static final Duration CALL = Duration.ofSeconds(2);

    private final RpcClient rpc;
    private final int coordinatorPort;
    private RpcConnection coordinator;

    SnsProbe(RpcClient rpc, int coordinatorPort) {
        this.rpc = rpc;
        this.coordinatorPort = coordinatorPort;
    }

    /** The port the coordinator gives user 1 now, or -1 when there is none (or it cannot be asked). */
    int masterPort() {
        try {
            if (coordinator == null || !coordinator.isOpen()) {
                coordinator = rpc.connect("127.0.0.1", coordinatorPort).get(CALL.toMillis(), TimeUnit.MILLISECONDS);
            }
            Envelope reply = coordinator.call(Envelope.newBuilder().setGetServer(ID.newBuilder().setId(1)))
                    .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
            return reply.hasServerInfo() ? reply.getServerInfo().getPort() : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    /** A connection logged in as {@code user} at {@code port}, or null when the server refuses or cannot be reached. */
    RpcConnection login(int port, int user) {
        RpcConnection connection = null;
        try {
            connection = rpc.connect("127.0.0.1", port).get(CALL.toMillis(), TimeUnit.MILLISECONDS);
            connection.call(Envelope.newBuilder().setLogin(Request.newBuilder().setUsername(Integer.toString(user))))
                    .get(CALL.toMillis(), TimeUnit.MILLISECONDS);
            return connection;
        } catch (Exception e) {
            if (connection != null) {
                connection.close();
            }
            return null;
        }
    }

    /** True when {@code port} took a post from {@code user} (logged in, acknowledged). */
    boolean posted(int port, int user, String text) {
        RpcConnection connection = login(port, user);
        if (connection == null) {
            return false;
        }
        try {
            post(connection, text);
            return true;
        } catch (Exception e) {
            return false;
        } finally {
            connection.close();
        }
    }

    static void post(RpcConnection connection, String text) throws Exception {
        connection.call(Envelope.newBuilder().setPost(Message.newBuilder().setMsg(text))).get(10, TimeUnit.SECONDS);
    }

    /** Latencies of {@code count} posts sent one at a time, in nanoseconds, sorted. */
    static long[] oneAtATime(RpcConnection connection, int count, String prefix) throws Exception {
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            post(connection, prefix + i);
            latencies[i] = System.nanoTime() - start;
        }
        Arrays.sort(latencies);
        return latencies;
    }

    /** Posts acknowledged in {@code duration} with {@code inFlight} posts outstanding at all times. */
    static long inFlight(RpcConnection connection, int inFlight, Duration duration, String prefix) throws Exception {
        Semaphore window = new Semaphore(inFlight);
        AtomicLong done = new AtomicLong();
        long stop = System.nanoTime() + duration.toNanos();
        int n = 0;
        while (System.nanoTime() < stop) {
            window.acquire();
            connection.call(Envelope.newBuilder().setPost(Message.newBuilder().setMsg(prefix + n++)))
                    .whenComplete((reply, failure) -> {
                        if (failure == null) {
                            done.incrementAndGet();
                        }
                        window.release();
                    });
        }
        window.acquire(inFlight); // the tail: every post answered before the next step
        return done.get();
    }

    void close() {
        if (coordinator != null) {
            coordinator.close();
        }
    }
}
