package tinysns.sync;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Change;

/**
 * One stretch of synchronizing while the server beside this synchronizer is its cluster's master: a broker
 * connection (one channel publishing with confirms, one consuming), and the server link. Publishing resumes from
 * the number in the cluster's resume queue; consuming starts from what the server holds. Any failure (broker,
 * server, a refused publish) ends the whole session at once, reported once to {@code onEnd}; nothing unconfirmed is
 * counted as published and nothing unapplied is acknowledged, so the next session starts over safely. Every
 * method runs on {@code executor}, the synchronizer's one thread.
 */
final class SyncSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncSession.class);
    private static final long RESUME_POINT_EVERY_MILLIS = 200;

    private final int cluster;
    private final ScheduledExecutorService executor;
    private final Consumer<Throwable> onEnd;
    private Connection broker;
    private ServerLink server;
    private ChangePublisher publisher;
    private ChangeConsumer consumer;
    private ScheduledFuture<?> resumePoints;
    private boolean ended;

    private SyncSession(int cluster, ScheduledExecutorService executor, Consumer<Throwable> onEnd) {
        this.cluster = cluster;
        this.executor = executor;
        this.onEnd = onEnd;
    }

    /**
     * Opens a session (on {@code executor}); blocks for the broker connection and the first replies.
     *
     * @throws Exception when the broker or the server cannot be reached; nothing is left open then
     */
    static SyncSession open(ConnectionFactory factory, SyncTopology topology, int cluster, ServerLink server,
                            ScheduledExecutorService executor, Consumer<Throwable> onEnd) throws Exception {
        SyncSession session = new SyncSession(cluster, executor, onEnd);
        try {
            session.start(factory, topology, server);
            return session;
        } catch (Exception e) {
            session.ended = true;
            session.release();
            server.close();
            throw e;
        }
    }

    private void start(ConnectionFactory factory, SyncTopology topology, ServerLink link) throws Exception {
        server = link;
        broker = factory.newConnection("tinysns-synchronizer-c" + cluster);
        broker.addShutdownListener(cause -> executor.execute(() -> end(cause)));
        Channel publishing = broker.createChannel();
        topology.declare(publishing);
        publishing.confirmSelect();
        Channel consuming = broker.createChannel();
        long resumeAfter = ChangePublisher.readResumePoint(consuming, cluster);
        publisher = new ChangePublisher(publishing, cluster, resumeAfter);
        publishing.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long tag, boolean multiple) {
                executor.execute(() -> publisher.confirmed(tag, multiple));
            }

            @Override
            public void handleNack(long tag, boolean multiple) {
                executor.execute(() -> {
                    if (publisher.coversChange(tag, multiple)) {
                        end(new IOException("the broker refused to take cluster " + cluster + "'s change (publish "
                                + tag + ")"));
                    }
                    publisher.confirmed(tag, multiple);
                });
            }
        });
        server.closeFuture().thenRun(() -> executor.execute(() -> end(new IOException("server " + server.address()
                + " closed the connection"))));
        Map<Integer, Long> held = server.apply(List.of()).get(30, TimeUnit.SECONDS);
        consumer = new ChangeConsumer(consuming, cluster, server, executor, this::end);
        consumer.start(held);
        long newest = server.subscribe(resumeAfter + 1, changes -> executor.execute(() -> publish(changes)))
                .get(30, TimeUnit.SECONDS);
        if (resumeAfter > newest) {
            // Another data directory published before (wiped, or a different system on the same broker): the other
            // clusters hold numbers past this server's and would skip its changes as seen. Said once, loudly.
            LOG.warn("cluster {}'s changes were published up to number {}, but server {} holds only up to {}: its data"
                    + " is not the data that was published, and other clusters will skip its changes up to {}", cluster,
                    resumeAfter, server.address(), newest, resumeAfter);
        }
        resumePoints = executor.scheduleWithFixedDelay(this::writeResumePoint, RESUME_POINT_EVERY_MILLIS,
                RESUME_POINT_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("synchronizing cluster {} with server {}: publishing its changes from number {} (it has {}),"
                + " applying other clusters' changes after {}", cluster, server.address(), resumeAfter + 1, newest, held);
    }

    /** Changes confirmed by the broker, up to this number. */
    long confirmedThrough() {
        return publisher.confirmedThrough();
    }

    long applied() {
        return consumer.applied();
    }

    private void publish(List<Change> changes) {
        if (ended) {
            return;
        }
        try {
            publisher.publish(changes);
        } catch (IOException | RuntimeException e) {
            end(e);
        }
    }

    private void writeResumePoint() {
        if (ended) {
            return;
        }
        try {
            publisher.writeResumePoint();
        } catch (IOException | RuntimeException e) {
            end(e);
        }
    }

    /** Ends the session because of {@code cause}; the first cause is reported, later ones are the same failure. */
    private void end(Throwable cause) {
        if (ended) {
            return;
        }
        ended = true;
        release();
        onEnd.accept(cause);
    }

    /** Ends the session without a failure (its server is no longer master, or the synchronizer stops). */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            release();
        }
    }

    private void release() {
        if (resumePoints != null) {
            resumePoints.cancel(false);
        }
        if (consumer != null) {
            consumer.stop();
        }
        if (server != null) {
            server.close();
        }
        if (broker != null && broker.isOpen()) {
            try {
                broker.close(1000); // unacknowledged deliveries go back to the queue
            } catch (IOException | RuntimeException e) {
                broker.abort();
            }
        }
    }
}
