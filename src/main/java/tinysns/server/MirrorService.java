package tinysns.server;

import io.netty.util.AttributeKey;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.auth.SharedSecret;
import tinysns.protocol.RateLimitedLog;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.MirrorBatch;
import tinysns.protocol.proto.MirrorHello;
import tinysns.protocol.proto.MirrorPosition;
import tinysns.rpc.RequestContext;
import tinysns.rpc.RequestDispatcher;

/**
 * The slave's end of mirroring (docs/CONTRACT.md section 8): answers a master's hello with where this server's change
 * log stands, and applies the batches it mirrors, in order, answering only once they are on disk here. Refused, with
 * one log line and nothing changed: another cluster, an epoch older than this server knows (a stale master), a batch
 * that does not start right after this server's last position. A full copy first discards everything held here.
 * An epoch refusal is answered SLOT_TAKEN (another master holds the cluster), so the master knows it is stale.
 * A server started with the registration secret takes batches only on a connection whose hello carried it: anyone
 * who reaches the port could otherwise rewrite this server's files.
 */
final class MirrorService {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorService.class);
    /** Set on a connection once a hello carrying the secret was admitted on it. */
    private static final AttributeKey<Boolean> ADMITTED = AttributeKey.valueOf(MirrorService.class, "admitted");

    private final int cluster;
    private final ReplicaState replica;
    private final CommitLoop loop;
    private final ChangeApplier changes;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG, 5);
    private final FailoverWatch failoverWatch;
    private final SharedSecret secret;

    MirrorService(int cluster, ReplicaState replica, CommitLoop loop, ChangeApplier changes, FailoverWatch watch,
                  SharedSecret secret) {
        this.cluster = cluster;
        this.secret = secret;
        this.replica = replica;
        this.loop = loop;
        this.changes = changes;
        this.failoverWatch = watch;
    }

    void register(RequestDispatcher.Builder dispatcher) {
        dispatcher.on(Envelope.BodyCase.MIRROR_HELLO, (request, ctx) -> hello(request.getMirrorHello(), ctx))
                .on(Envelope.BodyCase.MIRROR_BATCH, (request, ctx) -> batch(request.getMirrorBatch(), ctx));
    }

    private void hello(MirrorHello hello, RequestContext ctx) {
        if (!secret.admits(hello.getSecret())) {
            refuseNow(ctx, ErrorCode.UNAUTHENTICATED, "a mirror hello from server " + hello.getMasterServerId()
                    + (hello.getSecret().isEmpty() ? " without the registration secret" : " with a wrong registration secret"));
            return;
        }
        ctx.channel().attr(ADMITTED).set(Boolean.TRUE);
        if (!admits(hello.getClusterId(), hello.getEpoch(), "hello from server " + hello.getMasterServerId(), ctx)) {
            return;
        }
        // When the master's link closes (it stopped, or died), it may have handed over: ask the coordinator at once,
        // then every half second until a new master is named.
        ctx.channel().closeFuture().addListener(f -> failoverWatch.masterLinkClosed());
        loop.submit(ctx, () -> {
            MirrorPosition position = position();
            loop.afterCommit(ctx, () -> ctx.reply(ctx.envelope().setMirrorPosition(position)));
        });
    }

    private void batch(MirrorBatch batch, RequestContext ctx) {
        if (secret.isRequired() && ctx.channel().attr(ADMITTED).get() == null) {
            refuseNow(ctx, ErrorCode.UNAUTHENTICATED, "a mirror batch on a connection that did not open with the secret");
            return;
        }
        if (!admits(batch.getClusterId(), batch.getEpoch(), "batch at position " + batch.getFirstPosition(), ctx)) {
            return;
        }
        loop.submit(ctx, () -> apply(batch, ctx));
    }

    /** On the commit loop: a batch applies whole or not at all (it was checked first). */
    private void apply(MirrorBatch batch, RequestContext ctx) {
        if (batch.getEpoch() < replica.view().epoch()) {
            refuse(ctx, ErrorCode.SLOT_TAKEN, "a batch of epoch " + batch.getEpoch() + " after this server learnt epoch "
                    + replica.view().epoch());
            return;
        }
        if (batch.getFullCopy()) {
            if (batch.getFirstPosition() != 1) {
                refuse(ctx, "a full copy must start at position 1, not " + batch.getFirstPosition());
                return;
            }
            try {
                changes.clearAll();
            } catch (IOException e) {
                refuse(ctx, "cannot empty the data files for a full copy: " + e.getMessage());
                return;
            }
            LOG.info("taking a full copy from the master of cluster {} (epoch {}): this server's data was discarded",
                    cluster, batch.getEpoch());
        }
        long expected = changes.log().lastPosition() + 1;
        if (batch.getFirstPosition() != expected) {
            refuse(ctx, "a batch out of order: it starts at position " + batch.getFirstPosition() + ", this server expects "
                    + expected);
            return;
        }
        for (Change change : batch.getChangesList()) {
            try {
                changes.apply(change);
            } catch (IllegalArgumentException e) {
                // Checked before it was written: the positions before it stay applied, the master resends from here.
                refuse(ctx, "change at position " + (changes.log().lastPosition() + 1) + " is invalid: " + e.getMessage());
                return;
            }
        }
        loop.afterCommit(ctx, () -> ctx.reply(ctx.envelope().setMirrorPosition(position())));
    }

    private MirrorPosition position() {
        ChangeLog log = changes.log();
        long last = log.lastPosition();
        return MirrorPosition.newBuilder().setPosition(last).setHash(log.hashAt(last)).build();
    }

    private boolean admits(int claimedCluster, long epoch, String what, RequestContext ctx) {
        if (claimedCluster != cluster) {
            refuseNow(ctx, ErrorCode.INVALID_ARGUMENT, "a mirror " + what + " for cluster " + claimedCluster + ", but this server is in cluster " + cluster);
            return false;
        }
        switch (replica.admitMirror(epoch)) {
            case ACCEPTED:
                return true;
            case STALE:
                refuseNow(ctx, ErrorCode.SLOT_TAKEN, "a mirror " + what + " of epoch " + epoch + ", but this server knows epoch "
                        + replica.view().epoch() + " (as " + replica.view().standing() + ")");
                return false;
            default:
                // Not SLOT_TAKEN: the sender may be the rightful new master, ahead of this server's next heartbeat reply.
                refuseNow(ctx, ErrorCode.OVERLOADED, "a mirror " + what + " of epoch " + epoch
                        + " before the coordinator named this server its slave (knows epoch " + replica.view().epoch() + ")");
                return false;
        }
    }

    private void refuseNow(RequestContext ctx, ErrorCode code, String reason) {
        refusals.warn("refused {} from {}", reason, ctx.channel().remoteAddress());
        ctx.replyError(code, reason);
    }

    private void refuse(RequestContext ctx, String reason) {
        refuse(ctx, ErrorCode.INVALID_ARGUMENT, reason);
    }

    private void refuse(RequestContext ctx, ErrorCode code, String reason) {
        refusals.warn("refused {} from {}", reason, ctx.channel().remoteAddress());
        loop.afterCommit(ctx, () -> ctx.replyError(code, reason));
    }
}
