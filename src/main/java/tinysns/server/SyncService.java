package tinysns.server;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.TreeMap;
import tinysns.auth.SharedSecret;
import tinysns.protocol.ChangeRules;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.ClusterPosition;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Relation;
import tinysns.protocol.proto.SyncApplied;
import tinysns.rpc.RequestContext;
import tinysns.rpc.RequestDispatcher;

/**
 * What the synchronizer beside this server asks of it (docs/SYNCHRONIZERS.md): a stream of this server's own
 * changes from a given log position ({@link ChangeFeed}), and other clusters' changes to apply. A change applied
 * here enters through the {@link ChangeApplier} like any other (state, files, change log, so a master mirrors it to
 * its slaves), is on disk before the reply (so the synchronizer acknowledges it to the broker only then), and is
 * pushed to open timelines like a local post. Every change of another cluster keeps its origin and number in the log
 * (and in order.txt), so the same change delivered again is recognised and skipped, also after a restart or a
 * failover. Only a server that serves clients (a master, or a server alone) applies; a slave refuses. A server
 * nobody synchronizes is asked none of this and behaves as before.
 */
final class SyncService implements ChangeLog.Listener {

    private final ChangeApplier changes;
    private final SnsState state;
    private final ChangeFeed feed;
    private final CommitLoop loop;
    private final SnsService sns;
    private final ReplicaState replica;
    private final int cluster;
    private final SharedSecret secret;
    /** Per origin cluster, the highest number held here (applied, or mirrored from a master). */
    private final Map<Integer, Long> applied = new TreeMap<>();

    /** @param secret what every request must carry (the registration secret), or {@link SharedSecret#NONE} */
    SyncService(ChangeApplier changes, SnsState state, ChangeFeed feed, CommitLoop loop, SnsService sns,
                ReplicaState replica, int cluster, SharedSecret secret) {
        this.changes = changes;
        this.state = state;
        this.feed = feed;
        this.loop = loop;
        this.sns = sns;
        this.replica = replica;
        this.cluster = cluster;
        this.secret = secret;
        ChangeLog log = changes.log();
        durable(1, log.lastPosition());
        log.subscribe(this);
    }

    /** Adds the synchronizer's requests to {@code handlers}. */
    RequestDispatcher.Builder register(RequestDispatcher.Builder handlers) {
        return handlers
                .on(BodyCase.SYNC_SUBSCRIBE, (request, ctx) -> {
                    if (admitted(request.getSyncSubscribe().getSecret(), ctx)) {
                        loop.submit(ctx, () -> feed.subscribe(ctx, request.getSyncSubscribe().getFromSeq()));
                    }
                })
                .on(BodyCase.SYNC_APPLY, (request, ctx) -> {
                    if (admitted(request.getSyncApply().getSecret(), ctx)) {
                        loop.submit(ctx, () -> apply(request, ctx));
                    }
                });
    }

    /**
     * A server started with the registration secret takes changes only from a synchronizer that has it: a client on
     * the same port could otherwise post as anyone. Says only whether the secret was missing or wrong.
     */
    private boolean admitted(ByteString presented, RequestContext ctx) {
        if (secret.admits(presented)) {
            return true;
        }
        ctx.replyError(ErrorCode.UNAUTHENTICATED, presented.isEmpty()
                ? "this server requires the registration secret from its synchronizer, and the request carries none"
                : "the request carries a wrong registration secret");
        return false;
    }

    /** Keeps the highest number per origin up to date with what enters the log (mirrored changes on a slave too). */
    @Override
    public void durable(long first, long last) {
        ChangeLog log = changes.log();
        for (long position = first; position <= last; position++) {
            note(log.at(position));
        }
    }

    /** A full copy replaces the log: the numbers held are relearnt from the copy, never kept from before it. */
    @Override
    public void cleared() {
        applied.clear();
    }

    private void note(Change change) {
        if (change.getOriginCluster() != cluster) {
            applied.merge(change.getOriginCluster(), change.getOriginSeq(), Math::max);
        }
    }

    private void apply(Envelope request, RequestContext ctx) {
        if (!replica.servesClients()) {
            loop.afterCommit(ctx, () -> ctx.replyError(ErrorCode.UNSUPPORTED,
                    "this server is not its cluster's master: other clusters' changes go to the master"));
            return;
        }
        for (Change change : request.getSyncApply().getChangesList()) {
            String invalid = ChangeRules.invalid(change);
            if (invalid == null && change.getOriginCluster() == cluster) {
                invalid = "it is this cluster's own change";
            }
            if (invalid != null) {
                // Nothing of the batch is applied: the synchronizer checks each change before sending, so this is a bug.
                String why = invalid;
                loop.afterCommit(ctx, () -> ctx.replyError(ErrorCode.INVALID_ARGUMENT, "change "
                        + change.getOriginCluster() + "/" + change.getOriginSeq() + ": " + why));
                return;
            }
        }
        for (Change change : request.getSyncApply().getChangesList()) {
            if (change.getOriginSeq() > applied.getOrDefault(change.getOriginCluster(), 0L)) {
                applyOne(change);
                note(change);
            }
        }
        SyncApplied.Builder reply = SyncApplied.newBuilder();
        applied.forEach((origin, seq) -> reply.addApplied(ClusterPosition.newBuilder().setClusterId(origin).setSeq(seq)));
        loop.afterCommit(ctx, () -> ctx.reply(ctx.envelope().setSyncApplied(reply)));
    }

    /** A change that would change nothing here (a user already known, a relation already so) is not recorded. */
    private void applyOne(Change change) {
        switch (change.getKindCase()) {
            case USER_ADDED -> {
                if (!state.hasUser(change.getUserAdded())) {
                    changes.apply(change);
                }
            }
            case FOLLOW -> {
                Relation relation = change.getFollow();
                if (!state.follows(relation.getFollower(), relation.getFollowee())) {
                    changes.apply(change);
                }
            }
            case UNFOLLOW -> {
                Relation relation = change.getUnfollow();
                if (state.follows(relation.getFollower(), relation.getFollowee())) {
                    changes.apply(change);
                }
            }
            case POST -> loop.afterCommit(null, sns.followerPushes(changes.apply(change)));
            case KIND_NOT_SET -> throw new IllegalStateException("checked by ChangeRules.invalid");
        }
    }
}
