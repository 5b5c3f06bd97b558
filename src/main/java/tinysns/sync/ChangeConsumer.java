package tinysns.sync;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Envelope;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Change;

/**
 * Applies other clusters' changes from this cluster's queue to the server beside it. Each delivery (one or more
 * consecutive changes of one cluster) is acknowledged only after the server answered that it holds its changes on
 * disk, so a change is never lost between the broker and the server; one delivered again is sent again and the
 * server skips it. Per origin cluster, changes go to the server in number order: a delivery whose predecessor (its
 * {@link ChangeMessages#PREVIOUS} header) has not been seen yet waits, unacknowledged, until it arrives. A message
 * that is not valid changes of another cluster is rejected to the dead-letter exchange with one log line, and the
 * queue moves on. One batch at a time is at the server; what arrives meanwhile forms the next batch, up to a size
 * that keeps its frame far below the frame limit. Used on the session's thread ({@code executor}).
 */
final class ChangeConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeConsumer.class);
    /** Deliveries the broker may have outstanding to this consumer: the batching window. */
    static final int PREFETCH = 1000;
    /**
     * Bytes of changes per batch, unless one delivery alone is more: far below the 1 MiB frame limit, since a
     * delivery is at most {@code ChangeFeed}'s push (a quarter MiB and one change).
     */
    private static final int BATCH_BYTES = 512 * 1024;

    private record Delivery(long tag, ChangeMessages.Decoded message, int bytes) {
    }

    private final Channel channel;
    private final int cluster;
    private final ServerLink server;
    private final Executor executor;
    private final Consumer<Throwable> onFailure;
    /** Per origin cluster, the highest number sent to the server (or held by it). */
    private final Map<Integer, Long> last = new HashMap<>();
    /** Per origin cluster, deliveries that came before their predecessor, by the predecessor's number. */
    private final Map<Integer, TreeMap<Long, List<Delivery>>> early = new HashMap<>();
    private final Deque<Delivery> ready = new ArrayDeque<>();
    private boolean applying;
    private boolean stopped;
    private long applied;
    private long deadLettered;

    ChangeConsumer(Channel channel, int cluster, ServerLink server, Executor executor, Consumer<Throwable> onFailure) {
        this.channel = channel;
        this.cluster = cluster;
        this.server = server;
        this.executor = executor;
        this.onFailure = onFailure;
    }

    /** Starts consuming, knowing what the server already holds of each origin cluster. */
    void start(Map<Integer, Long> serverPositions) throws IOException {
        last.putAll(serverPositions);
        channel.basicQos(PREFETCH);
        channel.basicConsume(SyncTopology.queueOf(cluster), false, "tinysns-synchronizer-c" + cluster,
                (tag, message) -> executor.execute(() -> deliver(message.getEnvelope(), message.getProperties(),
                        message.getBody())),
                tag -> executor.execute(() -> onFailure.accept(new IOException("the broker cancelled the consumer of "
                        + SyncTopology.queueOf(cluster)))));
    }

    /** Ignores whatever arrives from now on (the session is over; the broker redelivers what was not acknowledged). */
    void stop() {
        stopped = true;
    }

    long applied() {
        return applied;
    }

    long deadLettered() {
        return deadLettered;
    }

    private void deliver(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        if (stopped) {
            return;
        }
        ChangeMessages.Decoded decoded = ChangeMessages.decode(cluster, envelope, properties, body);
        try {
            if (decoded.rejection() != null) {
                deadLettered++;
                LOG.warn("dead-lettering message {} (routing key {}) from {}: it {}", properties.getMessageId(),
                        envelope.getRoutingKey(), SyncTopology.queueOf(cluster), decoded.rejection());
                channel.basicReject(envelope.getDeliveryTag(), false);
                return;
            }
        } catch (IOException e) {
            onFailure.accept(e);
            return;
        }
        Delivery delivery = new Delivery(envelope.getDeliveryTag(), decoded, body.length);
        int origin = decoded.origin();
        long seq = decoded.lastSeq();
        long sent = last.getOrDefault(origin, 0L);
        if (seq > sent && decoded.previous() > sent) {
            TreeMap<Long, List<Delivery>> waiting = early.computeIfAbsent(origin, o -> new TreeMap<>());
            if (waiting.isEmpty()) {
                LOG.info("changes {}/{}-{} arrived before {}/{}; holding them until that one arrives", origin,
                        decoded.changes().get(0).getOriginSeq(), seq, origin, decoded.previous());
            }
            waiting.computeIfAbsent(decoded.previous(), s -> new ArrayList<>()).add(delivery);
            return;
        }
        // At or below what was sent: a redelivery, sent again (the server skips it) and then acknowledged.
        ready.add(delivery);
        if (seq > sent) {
            last.put(origin, seq);
            TreeMap<Long, List<Delivery>> waiting = early.get(origin);
            while (waiting != null && !waiting.isEmpty() && waiting.firstKey() <= last.get(origin)) {
                for (Delivery next : waiting.remove(waiting.firstKey())) {
                    ready.add(next);
                    last.merge(origin, next.message().lastSeq(), Math::max);
                }
            }
        }
        sendBatch();
    }

    private void sendBatch() {
        if (applying || ready.isEmpty()) {
            return;
        }
        List<Delivery> batch = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        int bytes = 0;
        while (!ready.isEmpty() && (batch.isEmpty() || bytes + ready.peek().bytes() <= BATCH_BYTES)) {
            Delivery next = ready.poll();
            batch.add(next);
            changes.addAll(next.message().changes());
            bytes += next.bytes();
        }
        applying = true;
        server.apply(changes).whenCompleteAsync((positions, failure) -> {
            applying = false;
            if (stopped) {
                return;
            }
            if (failure != null) {
                // Unacknowledged, so the broker delivers them again once this session is gone.
                onFailure.accept(failure);
                return;
            }
            try {
                for (Delivery done : batch) {
                    channel.basicAck(done.tag(), false);
                }
            } catch (IOException e) {
                onFailure.accept(e);
                return;
            }
            applied += changes.size();
            sendBatch();
        }, executor);
    }
}
