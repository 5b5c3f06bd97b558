package tinysns.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import tinysns.coordination.Clusters;
import tinysns.coordination.CoordinatorClient;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Request;
import tinysns.protocol.proto.ServerInfo;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;

/**
 * Users 1..n, each on the server the coordinator assigns it, each following three others of its cluster with its
 * timeline open; {@link #tick} has them post in turn, and every so often list (a read). Post latency is recorded
 * from sending to the confirmation, which the server sends once the post is on disk.
 */
final class SimulatedClients {

    private static final int FOLLOWS = 3;
    private static final int LIST_EVERY_POSTS = 10;

    private final int count;
    private final List<RpcConnection> users = new ArrayList<>();
    private final Latencies postLatency = new Latencies();
    private final AtomicLong lists = new AtomicLong();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final long postsPerSecond;
    private long posted;

    SimulatedClients(int count, int postsPerSecond) {
        this.count = count;
        this.postsPerSecond = postsPerSecond;
    }

    /** Assigns, logs in, follows and opens the timelines of every user; waits for all of it. */
    void connect(RpcClient rpc, CoordinatorClient coordinator) {
        for (int user = 1; user <= count; user++) {
            ServerInfo server = coordinator.getServer(user).join();
            RpcConnection connection = rpc.connect(server.getHostname(), server.getPort()).join();
            connection.call(Envelope.newBuilder().setLogin(request(user))).join();
            users.add(connection);
        }
        List<CompletableFuture<Envelope>> setup = new ArrayList<>();
        for (int user = 1; user <= count; user++) {
            RpcConnection connection = users.get(user - 1);
            for (int k = 1; k <= FOLLOWS; k++) {
                int other = sameClusterNeighbour(user, k);
                if (other != user) {
                    setup.add(connection.call(Envelope.newBuilder().setFollow(request(user).addArguments(Integer.toString(other)))));
                }
            }
            setup.add(connection.openStream(Envelope.newBuilder().setTimeline(request(user)), push -> pushes.incrementAndGet()));
        }
        setup.forEach(CompletableFuture::join);
    }

    /** The k-th next user of {@code user}'s cluster, wrapping around: user IDs of one cluster are Clusters.COUNT apart. */
    private int sameClusterNeighbour(int user, int k) {
        int first = Clusters.ofUser(user);
        int size = (count - first) / Clusters.COUNT + 1;
        int index = (user - first) / Clusters.COUNT;
        return first + Clusters.COUNT * ((index + k) % size);
    }

    private static Request.Builder request(int user) {
        return Request.newBuilder().setUsername(Integer.toString(user));
    }

    /** Sends the posts due {@code elapsedNanos} after the start, one user after another. Called from one thread. */
    void tick(long elapsedNanos) {
        long due = elapsedNanos * postsPerSecond / 1_000_000_000L;
        for (; posted < due; posted++) {
            int user = (int) (posted % count) + 1;
            RpcConnection connection = users.get(user - 1);
            long started = System.nanoTime();
            connection.call(Envelope.newBuilder().setPost(Message.newBuilder().setUsername(Integer.toString(user))
                            .setMsg("soak post " + posted + " from user " + user)))
                    .whenComplete((reply, failure) -> {
                        if (failure == null) {
                            postLatency.record(System.nanoTime() - started);
                        } else {
                            failed.incrementAndGet();
                        }
                    });
            if (posted % LIST_EVERY_POSTS == 0) {
                connection.call(Envelope.newBuilder().setList(request(user)))
                        .whenComplete((reply, failure) -> (failure == null ? lists : failed).incrementAndGet());
            }
        }
    }

    long posted() {
        return posted;
    }

    Latencies postLatency() {
        return postLatency;
    }

    long lists() {
        return lists.get();
    }

    long pushes() {
        return pushes.get();
    }

    long failed() {
        return failed.get();
    }

    void close() {
        users.forEach(RpcConnection::close);
    }
}
