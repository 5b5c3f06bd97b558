package tinysns.server;

import java.util.Map;
import tinysns.protocol.ChangeRules;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.ClusterPosition;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Relation;
import tinysns.protocol.proto.SyncApplied;
import tinysns.rpc.RequestContext;
import tinysns.rpc.RequestDispatcher;

/**
 * What the synchronizer beside this server asks of it (docs/SYNCHRONIZERS.md): a stream of this server's own
 * changes from a given number ({@link ChangeFeed}), and other clusters' changes to apply. A change applied here is
 * on disk before the reply (so the synchronizer acknowledges it to the broker only then), pushed to open timelines
 * like a local post, and recorded by its origin cluster and number, so that the same change delivered again is
 * skipped. A server nobody synchronizes answers nothing of this and behaves as before.
 */
final class SyncService {

    private final SnsState state;
    private final SnsFiles files;
    private final ChangeLog log;
    private final ChangeFeed feed;
    private final CommitLoop loop;
    private final SnsService sns;

    SyncService(SnsState state, SnsFiles files, ChangeLog log, ChangeFeed feed, CommitLoop loop, SnsService sns) {
        this.state = state;
        this.files = files;
        this.log = log;
        this.feed = feed;
        this.loop = loop;
        this.sns = sns;
    }

    /** Adds the synchronizer's requests to {@code handlers}. */
    RequestDispatcher.Builder register(RequestDispatcher.Builder handlers) {
        return handlers
                .on(BodyCase.SYNC_SUBSCRIBE, (request, ctx) -> loop.submit(ctx,
                        () -> feed.subscribe(ctx, request.getSyncSubscribe().getFromSeq())))
                .on(BodyCase.SYNC_APPLY, (request, ctx) -> loop.submit(ctx, () -> apply(request, ctx)));
    }

    private void apply(Envelope request, RequestContext ctx) {
        for (Change change : request.getSyncApply().getChangesList()) {
            String invalid = ChangeRules.invalid(change);
            if (invalid != null) {
                // Nothing of the batch is applied: the synchronizer checks each change before sending, so this is a bug.
                loop.afterCommit(ctx, () -> ctx.replyError(ErrorCode.INVALID_ARGUMENT, "change "
                        + change.getOriginCluster() + "/" + change.getOriginSeq() + ": " + invalid));
                return;
            }
        }
        for (Change change : request.getSyncApply().getChangesList()) {
            if (!log.applied(change.getOriginCluster(), change.getOriginSeq())) {
                applyOne(change);
                log.recordRemote(change);
            }
        }
        SyncApplied.Builder applied = SyncApplied.newBuilder();
        for (Map.Entry<Integer, Long> position : log.appliedPositions().entrySet()) {
            applied.addApplied(ClusterPosition.newBuilder().setClusterId(position.getKey()).setSeq(position.getValue()));
        }
        loop.afterCommit(ctx, () -> ctx.reply(Envelope.newBuilder().setSyncApplied(applied)));
    }

    private void applyOne(Change change) {
        long second = Math.floorDiv(change.getTimestampMillis(), 1000);
        switch (change.getKindCase()) {
            case USER_ADDED -> knowUser(change.getUserAdded());
            case FOLLOW -> {
                Relation relation = change.getFollow();
                knowUser(relation.getFollower());
                knowUser(relation.getFollowee());
                if (!state.follows(relation.getFollower(), relation.getFollowee())) {
                    state.follow(relation.getFollower(), relation.getFollowee(), second);
                    files.appendFollowChange(second, relation.getFollower(), true, relation.getFollowee());
                }
            }
            case UNFOLLOW -> {
                Relation relation = change.getUnfollow();
                if (state.follows(relation.getFollower(), relation.getFollowee())) {
                    state.unfollow(relation.getFollower(), relation.getFollowee());
                    files.appendFollowChange(second, relation.getFollower(), false, relation.getFollowee());
                }
            }
            case POST -> {
                Message message = change.getPost();
                int author = RecordFormat.parseUser(message.getUsername());
                knowUser(author);
                Post post = state.addPost(author, second, message.getMsg());
                files.appendPost(post);
                loop.afterCommit(null, sns.followerPushes(post));
            }
            case KIND_NOT_SET -> throw new IllegalStateException("checked by ChangeRules.invalid");
        }
    }

    private void knowUser(int user) {
        if (!state.hasUser(user)) {
            state.addUser(user);
            files.appendUser(user);
        }
    }
}
