package tinysns.bench.peers;

import com.google.protobuf.ByteString;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.bench.peers.etcd.pb.Event;
import tinysns.bench.peers.etcd.pb.WatchCreateRequest;
import tinysns.bench.peers.etcd.pb.WatchGrpc;
import tinysns.bench.peers.etcd.pb.WatchRequest;
import tinysns.bench.peers.etcd.pb.WatchResponse;

/**
 * A {@code Watch/Watch} gRPC stream on every server key: when a lease expires, etcd deletes its key, and the DELETE
 * event is the moment etcd shows that server gone. PUT events are filtered out by etcd itself.
 */
final class EtcdDeathWatch implements ClientResponseObserver<WatchRequest, WatchResponse>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.bench.peers");

    private final DeathLog deaths;
    private final CountDownLatch created = new CountDownLatch(1);
    private ClientCallStreamObserver<WatchRequest> requests;
    private volatile boolean closed;

    private EtcdDeathWatch(DeathLog deaths) {
        this.deaths = deaths;
    }

    /** Watches the keys {@code [key, rangeEnd)}; returns once etcd confirms the watch. */
    static EtcdDeathWatch start(WatchGrpc.WatchStub stub, ByteString key, ByteString rangeEnd, DeathLog deaths)
            throws InterruptedException {
        EtcdDeathWatch watch = new EtcdDeathWatch(deaths);
        stub.watch(watch).onNext(WatchRequest.newBuilder().setCreateRequest(WatchCreateRequest.newBuilder()
                .setKey(key).setRangeEnd(rangeEnd).addFilters(WatchCreateRequest.FilterType.NOPUT)).build());
        if (!watch.created.await(10, TimeUnit.SECONDS)) {
            watch.close();
            throw new IllegalStateException("etcd did not confirm the watch within 10 s");
        }
        return watch;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> requestSide) {
        this.requests = requestSide;
    }

    @Override
    public void onNext(WatchResponse response) {
        long now = System.nanoTime();
        if (response.getCreated()) {
            created.countDown();
        }
        if (response.getCanceled()) {
            LOG.warn("etcd canceled the death watch: {}", response.getCancelReason());
        }
        for (Event event : response.getEventsList()) {
            if (event.getType() == Event.EventType.DELETE) {
                deaths.gone(PeerServers.indexOfPath(event.getKv().getKey().toStringUtf8()), now);
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (!closed) {
            LOG.warn("etcd ended the death watch: {}", failure.toString());
        }
    }

    @Override
    public void onCompleted() {
    }

    /**
     * Cancels the call: etcd keeps a watch stream open after the client half-closes it (clientv3 cancels its
     * context too).
     */
    @Override
    public void close() {
        closed = true;
        requests.cancel("the benchmark stopped watching deaths", null);
    }
}
