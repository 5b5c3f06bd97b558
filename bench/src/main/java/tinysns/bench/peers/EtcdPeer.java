package tinysns.bench.peers;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import tinysns.bench.peers.etcd.pb.KVGrpc;
import tinysns.bench.peers.etcd.pb.LeaseGrantRequest;
import tinysns.bench.peers.etcd.pb.LeaseGrantResponse;
import tinysns.bench.peers.etcd.pb.LeaseGrpc;
import tinysns.bench.peers.etcd.pb.PutRequest;
import tinysns.bench.peers.etcd.pb.PutResponse;
import tinysns.bench.peers.etcd.pb.RangeRequest;
import tinysns.bench.peers.etcd.pb.RangeResponse;
import tinysns.bench.peers.etcd.pb.WatchGrpc;

/**
 * etcd leases through etcd's native v3 gRPC API, driven the way its Go client (clientv3) drives it: each server grants
 * a 10-s lease and puts its key with it, then renews it every TTL/3, all renewals of the benchmark on one
 * {@code LeaseKeepAlive} stream ({@link EtcdLeaseKeepAlives}); deaths are DELETE events of a watch stream on the key
 * prefix ({@link EtcdDeathWatch}); a lookup is a range on the user's cluster prefix with limit 1.
 */
final class EtcdPeer implements PeerRegistry {

    private static final String ROOT = "/tinysns";
    private static final long KEEPALIVE_PERIOD_NANOS = PeerServers.TIMEOUT_NANOS / 3;
    /** Registrations (grant, then put) in flight at most: enough for etcd to batch them into few fsyncs. */
    private static final int REGISTERING = 128;
    private static final long CALL_TIMEOUT_SECONDS = 10;

    private final EtcdProcess etcd;
    private final EtcdChannel channel;
    private final LeaseGrpc.LeaseStub lease;
    private final KVGrpc.KVStub kv;
    private final KVGrpc.KVBlockingStub kvBlocking;
    private final AtomicLongArray leases;
    private final AtomicLong requests = new AtomicLong();
    private final EtcdLeaseKeepAlives keepAlives;
    private final KeepAliveSchedule schedule;
    private EtcdDeathWatch deathWatch;

    private EtcdPeer(EtcdProcess etcd, EtcdChannel channel, int capacity) {
        this.etcd = etcd;
        this.channel = channel;
        this.lease = LeaseGrpc.newStub(channel.channel());
        this.kv = KVGrpc.newStub(channel.channel());
        this.kvBlocking = KVGrpc.newBlockingStub(channel.channel());
        this.leases = new AtomicLongArray(capacity);
        this.keepAlives = new EtcdLeaseKeepAlives(lease, PeerServers.TIMEOUT_NANOS);
        this.schedule = new KeepAliveSchedule(KEEPALIVE_PERIOD_NANOS, this::keepAlive);
    }

    static EtcdPeer start(Path dataDir, int capacity) {
        EtcdProcess etcd = EtcdProcess.start(dataDir);
        try {
            return new EtcdPeer(etcd, EtcdChannel.open(etcd.clientUrl()), capacity);
        } catch (RuntimeException | Error e) {
            etcd.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public long pid() {
        return etcd.pid();
    }

    @Override
    public String keepAliveCadence() {
        return "a lease keep-alive every TTL/3 = 3.3 s per server (clientv3's cadence), all on one gRPC"
                + " LeaseKeepAlive stream";
    }

    private static ByteString bytes(String text) {
        return ByteString.copyFrom(text, StandardCharsets.UTF_8);
    }

    /** The end of the range of every key starting with {@code prefix}: its last byte plus one. */
    private static ByteString prefixEnd(String prefix) {
        byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
        end[end.length - 1]++;
        return ByteString.copyFrom(end);
    }

    private CompletableFuture<?> registerOne(int i) {
        requests.incrementAndGet();
        UnaryCall<LeaseGrantResponse> grant = new UnaryCall<>();
        lease.withDeadlineAfter(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).leaseGrant(
                LeaseGrantRequest.newBuilder().setTTL(PeerServers.TIMEOUT_SECONDS).build(), grant);
        return grant.answer.thenCompose(granted -> {
            if (!granted.getError().isEmpty() || granted.getID() == 0) {
                throw new IllegalStateException("etcd granted no lease for server " + i + ": " + granted.getError());
            }
            leases.set(i, granted.getID());
            requests.incrementAndGet();
            UnaryCall<PutResponse> put = new UnaryCall<>();
            kv.withDeadlineAfter(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).put(PutRequest.newBuilder()
                    .setKey(bytes(PeerServers.path(ROOT, i))).setValue(bytes(PeerServers.address(i)))
                    .setLease(granted.getID()).build(), put);
            return put.answer;
        });
    }

    private CompletableFuture<?> keepAlive(int i) {
        requests.incrementAndGet();
        return keepAlives.keepAlive(leases.get(i));
    }

    @Override
    public void register(int from, int to) throws InterruptedException {
        schedule.registerAll(from, to, REGISTERING, this::registerOne);
    }

    @Override
    public long keepAliveFailures() {
        return schedule.failures();
    }

    /** Registrations (a grant and a put each) and keep-alives sent; lookups and the death watch aside. */
    @Override
    public long requestsHandled() {
        return requests.get();
    }

    @Override
    public void watchDeaths(DeathLog deaths) throws InterruptedException {
        String prefix = ROOT + "/";
        deathWatch = EtcdDeathWatch.start(WatchGrpc.newStub(channel.channel()), bytes(prefix), prefixEnd(prefix), deaths);
    }

    @Override
    public void stopWatchingDeaths() {
        if (deathWatch != null) {
            deathWatch.close();
            deathWatch = null;
        }
    }

    @Override
    public void stop(int[] servers, DeathLog deaths) {
        schedule.stop(servers, deaths).join();
    }

    @Override
    public void lookup(int user) {
        String prefix = PeerServers.clusterPrefix(ROOT, PeerServers.clusterOfUser(user));
        RangeResponse found = kvBlocking.withDeadlineAfter(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).range(
                RangeRequest.newBuilder().setKey(bytes(prefix)).setRangeEnd(prefixEnd(prefix)).setLimit(1).build());
        if (found.getKvsCount() == 0) {
            throw new IllegalStateException("etcd has no server for user " + user + " under " + prefix);
        }
    }

    /** Stops sending, ends both streams, shuts the channel and its threads down, then stops etcd. */
    @Override
    public void close() {
        schedule.close();
        stopWatchingDeaths();
        keepAlives.close();
        channel.close();
        etcd.close();
    }

    /** One unary call's answer as a future. */
    private static final class UnaryCall<T> implements StreamObserver<T> {
        final CompletableFuture<T> answer = new CompletableFuture<>();

        @Override
        public void onNext(T value) {
            answer.complete(value);
        }

        @Override
        public void onError(Throwable failure) {
            answer.completeExceptionally(failure);
        }

        @Override
        public void onCompleted() {
        }
    }
}
