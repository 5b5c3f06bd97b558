package tinysns.bench.peers;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.bench.peers.etcd.pb.LeaseGrpc;
import tinysns.bench.peers.etcd.pb.LeaseKeepAliveRequest;
import tinysns.bench.peers.etcd.pb.LeaseKeepAliveResponse;

/**
 * Every lease keep-alive of the benchmark on one long-lived {@code Lease/LeaseKeepAlive} gRPC stream, as etcd's Go
 * client (clientv3) carries all the keep-alives of a client. etcd answers a stream's requests one by one, in order,
 * each with the lease's ID and its new TTL (0 once etcd no longer knows the lease), so the answers of one lease
 * complete its keep-alives first in, first out. Should etcd end the stream, every keep-alive waiting on it fails and
 * the next one opens a new stream (clientv3 reopens too).
 */
final class EtcdLeaseKeepAlives implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.bench.peers");

    private final LeaseGrpc.LeaseStub stub;
    private final long timeoutNanos;
    private final ConcurrentHashMap<Long, Queue<CompletableFuture<Long>>> waiting = new ConcurrentHashMap<>();
    /** The open stream; replaced only by the sending thread, after the previous one ended. */
    private volatile Stream stream;
    private volatile boolean closed;

    /** @param timeoutNanos how long a keep-alive may wait for etcd's answer before it counts as unanswered */
    EtcdLeaseKeepAlives(LeaseGrpc.LeaseStub stub, long timeoutNanos) {
        this.stub = stub;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Sends one keep-alive of lease {@code leaseId}; the future gives the lease's new TTL in seconds, or fails when
     * etcd says the lease is gone, ends the stream, or does not answer in time. Synchronized with {@link #close}:
     * gRPC's request side of a stream is not thread-safe (the lock is uncontended: one thread sends them all).
     */
    synchronized CompletableFuture<Long> keepAlive(long leaseId) {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        if (closed) {
            answer.completeExceptionally(new IllegalStateException("etcd keep-alives closed"));
            return answer;
        }
        waiting.computeIfAbsent(leaseId, id -> new ConcurrentLinkedQueue<>()).add(answer);
        openStream().requests.onNext(LeaseKeepAliveRequest.newBuilder().setID(leaseId).build());
        return answer.orTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private Stream openStream() {
        Stream open = stream;
        if (open == null || open.ended) {
            open = new Stream();
            stub.leaseKeepAlive(open);
            stream = open;
        }
        return open;
    }

    private void answered(LeaseKeepAliveResponse response) {
        Queue<CompletableFuture<Long>> queue = waiting.get(response.getID());
        CompletableFuture<Long> answer = queue == null ? null : queue.poll();
        if (answer == null) {
            return; // an answer to a keep-alive already failed with its stream
        }
        if (response.getTTL() > 0) {
            answer.complete(response.getTTL());
        } else {
            answer.completeExceptionally(new IllegalStateException(
                    "etcd no longer knows lease " + Long.toHexString(response.getID()) + " (TTL " + response.getTTL() + ")"));
        }
    }

    /** The stream ended: whatever waited on it will get no answer. */
    private void failEveryWaiting(Throwable cause) {
        for (Queue<CompletableFuture<Long>> queue : waiting.values()) {
            for (CompletableFuture<Long> answer = queue.poll(); answer != null; answer = queue.poll()) {
                answer.completeExceptionally(cause);
            }
        }
    }

    /** Half-closes the stream; etcd then ends it, and the channel can shut down. */
    @Override
    public synchronized void close() {
        closed = true;
        Stream open = stream;
        if (open != null && !open.ended) {
            open.requests.onCompleted();
        }
    }

    /** One LeaseKeepAlive call: its request side, and the answers that come back on it. */
    private final class Stream implements ClientResponseObserver<LeaseKeepAliveRequest, LeaseKeepAliveResponse> {
        private StreamObserver<LeaseKeepAliveRequest> requests;
        private volatile boolean ended;

        @Override
        public void beforeStart(ClientCallStreamObserver<LeaseKeepAliveRequest> requestSide) {
            this.requests = requestSide;
        }

        @Override
        public void onNext(LeaseKeepAliveResponse response) {
            answered(response);
        }

        @Override
        public void onError(Throwable failure) {
            ended = true;
            if (!closed) {
                LOG.warn("etcd ended the lease keep-alive stream: {}", failure.toString());
            }
            failEveryWaiting(failure);
        }

        @Override
        public void onCompleted() {
            ended = true;
            failEveryWaiting(new IllegalStateException("etcd completed the lease keep-alive stream"));
        }
    }
}
