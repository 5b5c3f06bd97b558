package tinysns.server;

import io.netty.channel.Channel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tinysns.protocol.EncodedBody;
import tinysns.protocol.proto.Confirmation;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ListReply;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Request;
import tinysns.protocol.proto.TimelineOpened;
import tinysns.rpc.RequestContext;
import tinysns.rpc.RequestDispatcher;

/**
 * The Tiny SNS rules (docs/CONTRACT.md section 4): login, follow, unfollow, list, timeline and post. Each request is handed
 * from its I/O thread to the {@link CommitLoop}, which checks it against the state, records the change, and
 * answers only once the change is on disk. The connection's login says who is asking; a username sent in a
 * request must match it.
 */
final class SnsService {

    private static final Envelope CONFIRMED = Envelope.newBuilder().setConfirmation(Confirmation.newBuilder().setStatus(true)).build();

    private final SnsState state;
    private final ChangeApplier changes;
    private final CommitLoop loop;
    private final Clock clock;
    private final int maxPostLength;
    private final ServerMetrics metrics;
    private final Sessions sessions = new Sessions();
    private final ReplicaState replica;
    /** Client requests that arrived before this server heard its role; commit loop only. */
    private final List<Runnable> waitingForRole = new ArrayList<>();

    /** @param maxPostLength the longest post, in characters; a longer one is refused rather than stored */
    SnsService(SnsState state, ChangeApplier changes, CommitLoop loop, Clock clock, int maxPostLength,
               ServerMetrics metrics, ReplicaState replica) {
        this.replica = replica;
        this.state = state;
        this.maxPostLength = maxPostLength;
        this.changes = changes;
        this.loop = loop;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The client requests; {@code dispatcher} may serve other bodies too (a slave's mirroring). */
    RequestDispatcher.Builder register(RequestDispatcher.Builder dispatcher) {
        replica.addListener(view -> loop.submit(null, () -> {
            if (!replica.servesClients()) {
                sessions.closeAll();
            }
            releaseWaiting();
        }));
        return dispatcher
                .on(BodyCase.LOGIN, (request, ctx) -> serve(ctx, () -> login(request.getLogin(), ctx)))
                .on(BodyCase.FOLLOW, (request, ctx) -> serve(ctx, () -> follow(request.getFollow(), ctx)))
                .on(BodyCase.UNFOLLOW, (request, ctx) -> serve(ctx, () -> unfollow(request.getUnfollow(), ctx)))
                .on(BodyCase.LIST, (request, ctx) -> serve(ctx, () -> list(request.getList(), ctx)))
                .on(BodyCase.TIMELINE, (request, ctx) -> serve(ctx, () -> timeline(request.getTimeline(), ctx)))
                .on(BodyCase.POST, (request, ctx) -> serve(ctx, () -> post(request.getPost(), ctx)));
    }

    RequestDispatcher dispatcher() {
        return register(RequestDispatcher.builder()).build();
    }

    /**
     * Runs a client request on the commit loop, if this server may serve clients at that moment (a master whose
     * lease holds, docs/CONTRACT.md section 8); otherwise refuses it and closes the connection, so the client asks
     * the coordinator for its master again.
     */
    private void serve(RequestContext ctx, Runnable request) {
        loop.submit(ctx, () -> serveNow(ctx, request));
    }

    /** On the commit loop: the first heartbeat answer says whether to serve what waited for it. */
    private void releaseWaiting() {
        if (replica.view().standing() == ReplicaState.Standing.STARTING || waitingForRole.isEmpty()) {
            return;
        }
        List<Runnable> waiting = new ArrayList<>(waitingForRole);
        waitingForRole.clear();
        waiting.forEach(Runnable::run);
    }

    private void serveNow(RequestContext ctx, Runnable request) {
        if (replica.servesClients()) {
            request.run();
            return;
        }
        ReplicaState.View view = replica.view();
        if (view.standing() == ReplicaState.Standing.STARTING) {
            // A server that just started waits for its first heartbeat answer (a round trip) to know its role.
            waitingForRole.add(() -> serveNow(ctx, request));
            return;
        }
        String why = view.standing() == ReplicaState.Standing.SLAVE
                ? "this server is a slave" + (view.master() == null ? "" : " of the master at "
                + view.master().getHostname() + ":" + view.master().getPort()) + ": it serves no client"
                : "this master has lost its lease at the coordinator: it serves no client";
        ctx.replyError(ErrorCode.UNSUPPORTED, why).addListener(f -> {
            if (sessions.userOn(ctx.channel()) != null) {
                ctx.channel().close();
            }
        });
    }

    private void login(Request request, RequestContext ctx) {
        int user;
        try {
            user = RecordFormat.parseUser(request.getUsername());
        } catch (IllegalArgumentException e) {
            fail(ctx, ErrorCode.INVALID_ARGUMENT, "login: " + e.getMessage());
            return;
        }
        Channel channel = ctx.channel();
        Integer current = sessions.userOn(channel);
        if (current != null && current != user) {
            fail(ctx, ErrorCode.INVALID_ARGUMENT, "this connection is already logged in as user " + current);
            return;
        }
        if (sessions.loggedInElsewhere(user, channel)) {
            fail(ctx, ErrorCode.ALREADY_LOGGED_IN, "user " + user + " is already logged in from another client");
            return;
        }
        if (!state.hasUser(user)) {
            changes.userAdded(user);
        }
        if (current == null) {
            sessions.login(user, channel);
            channel.closeFuture().addListener(f -> loop.submit(null, () -> sessions.logout(channel)));
        }
        reply(ctx, CONFIRMED);
    }

    private void follow(Request request, RequestContext ctx) {
        Integer me = loggedInUser(request, ctx);
        Integer target = me == null ? null : targetUser(request, ctx, "follow");
        if (target == null) {
            return;
        }
        if (target.equals(me)) {
            fail(ctx, ErrorCode.ALREADY_EXISTS, "you cannot follow yourself");
        } else if (!state.hasUser(target)) {
            fail(ctx, ErrorCode.INVALID_USERNAME, "user " + target + " does not exist on this server");
        } else if (state.follows(me, target)) {
            fail(ctx, ErrorCode.ALREADY_EXISTS, "you already follow user " + target);
        } else {
            long now = clock.instant().getEpochSecond();
            changes.follow(now, me, target);
            metrics.followed();
            reply(ctx, CONFIRMED);
        }
    }

    private void unfollow(Request request, RequestContext ctx) {
        Integer me = loggedInUser(request, ctx);
        Integer target = me == null ? null : targetUser(request, ctx, "unfollow");
        if (target == null) {
            return;
        }
        if (target.equals(me)) {
            fail(ctx, ErrorCode.INVALID_USERNAME, "you cannot unfollow yourself");
        } else if (!state.hasUser(target)) {
            fail(ctx, ErrorCode.INVALID_USERNAME, "user " + target + " does not exist on this server");
        } else if (!state.follows(me, target)) {
            fail(ctx, ErrorCode.NOT_A_FOLLOWER, "you do not follow user " + target);
        } else {
            changes.unfollow(clock.instant().getEpochSecond(), me, target);
            metrics.unfollowed();
            reply(ctx, CONFIRMED);
        }
    }

    private void list(Request request, RequestContext ctx) {
        Integer me = loggedInUser(request, ctx);
        if (me == null) {
            return;
        }
        ListReply.Builder list = ListReply.newBuilder();
        state.users().forEach(u -> list.addAllUsers(Integer.toString(u)));
        state.followersOf(me).forEach(u -> list.addFollowers(Integer.toString(u)));
        reply(ctx, Envelope.newBuilder().setListReply(list).build());
    }

    private void timeline(Request request, RequestContext ctx) {
        Integer me = loggedInUser(request, ctx);
        if (me == null) {
            return;
        }
        TimelineOpened.Builder opened = TimelineOpened.newBuilder();
        state.timeline(me).forEach(post -> opened.addRecent(post.toMessage()));
        sessions.openTimeline(me, ctx);
        reply(ctx, Envelope.newBuilder().setTimelineOpened(opened).build());
    }

    private void post(Message message, RequestContext ctx) {
        Integer me = loggedInUser(message.getUsername(), ctx);
        if (me == null) {
            return;
        }
        String text = message.getMsg();
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            fail(ctx, ErrorCode.INVALID_ARGUMENT, "a post is one line: it must not contain a line break");
            return;
        }
        if (text.length() > maxPostLength) {
            // Said so that a client can show it as it is: "Post failed: longer than 4096 characters (...)".
            fail(ctx, ErrorCode.TOO_LARGE, "longer than " + maxPostLength + " characters (this one has " + text.length() + ")");
            return;
        }
        Post post = changes.post(clock.instant().getEpochSecond(), me, text);
        metrics.posted();
        Runnable pushes = followerPushes(post);
        loop.afterCommit(ctx, () -> {
            ctx.reply(CONFIRMED);
            pushes.run();
        });
    }

    /**
     * What sends {@code post} to the open timelines of its author's followers, run once the post is on disk (a
     * post of this server's user, or one another cluster's synchronizer applied). The followers are taken as of now,
     * so a follow made later never receives an earlier post. Only from a task.
     */
    Runnable followerPushes(Post post) {
        List<RequestContext> streams = new ArrayList<>();
        for (int follower : state.followersOf(post.author())) {
            RequestContext stream = sessions.timelineOf(follower);
            if (stream != null) {
                streams.add(stream);
            }
        }
        if (streams.isEmpty()) {
            return () -> { };
        }
        // Encoded once, sent to every follower under its own stream's message ID.
        EncodedBody pushed = EncodedBody.of(Envelope.newBuilder().setTimelinePost(post.toMessage()).build());
        return () -> {
            for (RequestContext stream : streams) {
                // A follower that does not read loses the post (counted and logged by the RPC server); a closed
                // stream just ends.
                stream.pushIfWritable(pushed);
            }
        };
    }

    /** The user logged in on this connection, or null after answering NOT_LOGGED_IN or a username mismatch. */
    private Integer loggedInUser(Request request, RequestContext ctx) {
        return loggedInUser(request.getUsername(), ctx);
    }

    private Integer loggedInUser(String claimed, RequestContext ctx) {
        Integer me = sessions.userOn(ctx.channel());
        if (me == null) {
            fail(ctx, ErrorCode.NOT_LOGGED_IN, "log in first");
            return null;
        }
        if (!claimed.isEmpty() && !claimed.equals(Integer.toString(me))) {
            fail(ctx, ErrorCode.INVALID_ARGUMENT, "username " + claimed + " is not the user logged in here (" + me + ")");
            return null;
        }
        return me;
    }

    /** The user named by the request's first argument, or null after answering INVALID_ARGUMENT. */
    private Integer targetUser(Request request, RequestContext ctx, String command) {
        if (request.getArgumentsCount() == 0) {
            fail(ctx, ErrorCode.INVALID_ARGUMENT, command + " needs the user ID to " + command);
            return null;
        }
        try {
            return RecordFormat.parseUser(request.getArguments(0));
        } catch (IllegalArgumentException e) {
            fail(ctx, ErrorCode.INVALID_ARGUMENT, command + ": " + e.getMessage());
            return null;
        }
    }

    private void reply(RequestContext ctx, Envelope reply) {
        loop.afterCommit(ctx, () -> ctx.reply(reply));
    }

    /** Errors wait for the batch too: they may depend on changes not yet on disk. */
    private void fail(RequestContext ctx, ErrorCode code, String message) {
        loop.afterCommit(ctx, () -> ctx.replyError(code, message));
    }
}
