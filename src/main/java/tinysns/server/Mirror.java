package tinysns.server;

import com.google.protobuf.ByteString;
import io.netty.util.Timer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.auth.SharedSecret;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.MirrorBatch;
import tinysns.protocol.proto.MirrorHello;
import tinysns.protocol.proto.MirrorPosition;
import tinysns.protocol.proto.ServerInfo;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;

/**
 * The master's end of mirroring (docs/CONTRACT.md section 8), as PostgreSQL's synchronous standbys and Kafka's
 * in-sync replicas do it. Each commit sends the batch's changes to every in-sync slave while the master fsyncs its
 * own files, then waits for all of them (one round trip and one fsync per batch); a slave that does not answer in
 * time, or refuses, leaves the in-sync set (one log line) and the batch is acknowledged without it. A slave that is
 * new, came back or fell behind is caught up by {@link CatchUp}, mostly off the commit thread; only then is it in sync. The
 * coordinator hears the in-sync set through the heartbeats, and confirms each shrink before a batch is acknowledged.
 *
 * <p>A slave that refuses a batch because it knows a newer epoch proves another master was chosen: the batch is not
 * acknowledged to anyone, and this server steps down.
 */
final class Mirror implements ReplicaState.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Mirror.class);
    private static final long RETRY_MILLIS = 500;

    private final int cluster;
    private final int serverId;
    private final ReplicaState replica;
    private final CommitLoop loop;
    private final ChangeLog log;
    private final RpcClient rpc;
    private final Timer timer;
    private final long timeoutMillis;
    /** Sent in each hello: a slave started with the registration secret takes writes only with it. */
    private final ByteString secret;
    /** Slaves that refused this server's secret, warned of once until a hello succeeds (it retries every 0.5 s). */
    private final Set<String> refusedBy = ConcurrentHashMap.newKeySet();
    private final Map<String, SlaveLink> links = new ConcurrentHashMap<>();
    private final CatchUp catchUp;
    private volatile boolean closed;

    Mirror(int cluster, int serverId, ReplicaState replica, CommitLoop loop, ChangeLog log, RpcClient rpc, Timer timer,
           SharedSecret secret) {
        this.cluster = cluster;
        this.secret = secret.toByteString();
        this.serverId = serverId;
        this.replica = replica;
        this.loop = loop;
        this.log = log;
        this.rpc = rpc;
        this.timer = timer;
        this.timeoutMillis = rpc.options().requestTimeout().toMillis();
        this.catchUp = new CatchUp(log, loop, this::batch, new CatchUp.Outcome() {
            @Override
            public void caughtUp(SlaveLink link, long position) {
                Mirror.this.caughtUp(link, position);
            }

            @Override
            public void failed(SlaveLink link, Throwable cause) {
                catchUpFailed(link, cause);
            }
        }, timeoutMillis);
    }

    /** The coordinator's word changed: open links to newly listed slaves, close the others. */
    @Override
    public void changed(ReplicaState.View view) {
        boolean master = view.standing() == ReplicaState.Standing.MASTER && !closed;
        List<String> wanted = new ArrayList<>();
        if (master) {
            for (ServerInfo slave : view.slaves()) {
                wanted.add(slave.getHostname() + ":" + slave.getPort());
                links.computeIfAbsent(slave.getHostname() + ":" + slave.getPort(), a -> {
                    SlaveLink link = new SlaveLink(slave);
                    open(link);
                    return link;
                });
            }
        }
        links.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    /** Slaves in sync now. */
    List<String> inSync() {
        return links.values().stream().filter(SlaveLink::inSync).map(SlaveLink::address).toList();
    }

    /**
     * Mirrors the changes not yet durable, runs {@code localSync} meanwhile, then waits for the in-sync slaves. Called
     * by the commit loop in place of its plain sync.
     *
     * @throws BatchRefusedException when a slave proves this server is no longer master
     */
    void syncMirrored(CommitLoop.Disk localSync) throws IOException {
        long first = log.durablePosition() + 1;
        long last = log.lastPosition();
        List<SlaveLink> targets = new ArrayList<>();
        List<CompletableFuture<MirrorPosition>> replies = new ArrayList<>();
        if (last >= first) {
            MirrorBatch batch = batch(first, log.readFrom(first, (int) (last - first + 1)), false);
            for (SlaveLink link : links.values()) {
                if (link.inSync()) {
                    targets.add(link);
                    replies.add(link.send(batch));
                }
            }
        }
        localSync.sync();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        BatchRefusedException fenced = null;
        for (int i = 0; i < targets.size(); i++) {
            SlaveLink link = targets.get(i);
            String failure = await(replies.get(i), deadline, last);
            if (failure == null) {
                continue;
            }
            if (failure.startsWith(FENCED)) {
                fenced = new BatchRefusedException(link.name() + " serves a newer epoch: this server is no longer"
                        + " the master of cluster " + cluster);
            }
            leave(link, failure);
        }
        if (fenced != null) {
            replica.stepDown(fenced.getMessage());
            throw fenced;
        }
        // A slave that left must be out of the coordinator's in-sync set before anything is acknowledged without it.
        long wait = Math.max(replica.view().leaseNanos(), TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        if (!replica.awaitCoordinatorKnowsAtMost(inSyncIds(), wait)) {
            throw new BatchRefusedException("the coordinator has not confirmed the in-sync set of cluster " + cluster
                    + " (" + inSyncIds() + ") within " + TimeUnit.NANOSECONDS.toMillis(wait) + " ms");
        }
    }

    /** The server IDs of the slaves in sync now: what this master reports to the coordinator. */
    Set<Integer> inSyncIds() {
        Set<Integer> ids = new HashSet<>();
        for (SlaveLink link : links.values()) {
            if (link.inSync()) {
                ids.add(link.slave().getServerId());
            }
        }
        return ids;
    }

    private static final String FENCED = "fenced: ";

    /** Null when the slave holds everything up to {@code last}; else why not. */
    private String await(CompletableFuture<MirrorPosition> reply, long deadlineNanos, long last) {
        try {
            MirrorPosition position = reply.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return position.getPosition() == last ? null
                    : "it answered position " + position.getPosition() + " for a batch ending at " + last;
        } catch (TimeoutException e) {
            return "no answer within " + timeoutMillis + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RemoteErrorException remote && remote.code() == ErrorCode.SLOT_TAKEN) {
                return FENCED + remote.remoteMessage();
            }
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
    }

    private void leave(SlaveLink link, String why) {
        if (link.inSync()) {
            LOG.warn("{} left the in-sync set of cluster {}: {}; acknowledging without it until it catches up",
                    link.name(), cluster, why);
        }
        link.disconnect();
        retryLater(link);
    }

    private void open(SlaveLink link) {
        if (link.closed() || closed) {
            return;
        }
        MirrorHello hello = MirrorHello.newBuilder().setClusterId(cluster).setMasterServerId(serverId)
                .setEpoch(replica.view().epoch()).setSecret(secret).build();
        link.open(rpc, hello).whenComplete((position, failure) -> {
            if (failure != null) {
                if (refusedSecret(failure) && refusedBy.add(link.name())) {
                    LOG.warn("{} refused the mirror hello (start both with the same --secret-file): {}", link.name(),
                            failure.getMessage());
                } else {
                    LOG.debug("cannot open the link to {}: {}", link.name(), failure.toString());
                }
                link.disconnect();
                if (!fencedBy(failure, link)) {
                    retryLater(link);
                }
                return;
            }
            refusedBy.remove(link.name());
            catchUp.start(link, position);
        });
    }

    /** The slave and this server were not started with the same registration secret: a set-up error to show. */
    private static boolean refusedSecret(Throwable failure) {
        return refusal(failure, ErrorCode.UNAUTHENTICATED) != null;
    }

    /** True (after stepping down) when the slave refused this server's epoch: another master was chosen. */
    private boolean fencedBy(Throwable failure, SlaveLink link) {
        RemoteErrorException refused = refusal(failure, ErrorCode.SLOT_TAKEN);
        if (refused != null) {
            replica.stepDown(link.name() + " refused this server's epoch: " + refused.remoteMessage());
            return true;
        }
        return false;
    }

    /** The slave's refusal with {@code code} behind {@code failure} (itself, or the cause it wraps); else null. */
    private static RemoteErrorException refusal(Throwable failure, ErrorCode code) {
        Throwable cause = failure.getCause() != null && !(failure instanceof RemoteErrorException) ? failure.getCause() : failure;
        return cause instanceof RemoteErrorException remote && remote.code() == code ? remote : null;
    }

    private void retryLater(SlaveLink link) {
        if (!link.closed() && !closed) {
            timer.newTimeout(t -> open(link), RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** From {@link CatchUp}, on the commit thread: the slave holds everything durable, and takes every batch now. */
    private void caughtUp(SlaveLink link, long position) {
        link.setInSync(true);
        LOG.info("{} is in sync with the master of cluster {} at position {}", link.name(), cluster, position);
        replica.askSooner(); // the coordinator may promote it only once it hears (docs/CONTRACT.md section 8)
    }

    private void catchUpFailed(SlaveLink link, Throwable cause) {
        link.disconnect();
        if (!fencedBy(cause, link)) {
            LOG.warn("{} could not catch up: {}; trying again", link.name(), cause.getMessage());
            retryLater(link);
        }
    }

    private MirrorBatch batch(long first, List<Change> changes, boolean full) {
        return MirrorBatch.newBuilder().setClusterId(cluster).setEpoch(replica.view().epoch())
                .setFirstPosition(first).setFullCopy(full).addAllChanges(changes).build();
    }

    boolean isClosed() {
        return closed;
    }

    /** The server is stopping: the commit thread stops waiting for the coordinator (see {@link ReplicaState#stopping}). */
    void stopping() {
        replica.stopping();
    }

    @Override
    public void close() {
        closed = true;
        catchUp.close();
        links.values().forEach(SlaveLink::close);
        links.clear();
    }
}
