package tinysns.coordinator;

import com.google.protobuf.CodedOutputStream;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.auth.SharedSecret;
import tinysns.protocol.EncodedBody;
import tinysns.protocol.RateLimitedLog;
import tinysns.protocol.UnparsedRequest;
import tinysns.protocol.WireCursor;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.Confirmation;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.NotLeader;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RequestContext;
import tinysns.rpc.RequestDispatcher;
import tinysns.rpc.RequestHandler;

/**
 * Translates the coordinator's requests (heartbeat, get-server, list-registry) between the wire messages and the
 * registration table. Runs on the I/O threads; every table operation it calls is short and never blocks for long.
 */
final class CoordinatorService {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.coordinator");
    /** The reply to every goodbye, encoded once. */
    private static final EncodedBody CONFIRMED = EncodedBody.of(Envelope.newBuilder()
            .setConfirmation(Confirmation.newBuilder().setStatus(true)).build());
    // Tags (field number << 3 | wire type) of the fields the heartbeat hot path reads; see proto/tinysns.proto.
    private static final int CLUSTER_ID = Heartbeat.CLUSTER_ID_FIELD_NUMBER << 3 | WireCursor.WIRETYPE_VARINT;
    private static final int SERVER_INFO = Heartbeat.SERVER_INFO_FIELD_NUMBER << 3 | WireCursor.WIRETYPE_LENGTH_DELIMITED;
    private static final int SECRET = Heartbeat.SECRET_FIELD_NUMBER << 3 | WireCursor.WIRETYPE_LENGTH_DELIMITED;
    private static final int SERVER_ID = ServerInfo.SERVER_ID_FIELD_NUMBER << 3 | WireCursor.WIRETYPE_VARINT;
    private static final int HOSTNAME = ServerInfo.HOSTNAME_FIELD_NUMBER << 3 | WireCursor.WIRETYPE_LENGTH_DELIMITED;
    private static final int PORT = ServerInfo.PORT_FIELD_NUMBER << 3 | WireCursor.WIRETYPE_VARINT;
    private static final int TYPE = ServerInfo.TYPE_FIELD_NUMBER << 3 | WireCursor.WIRETYPE_VARINT;
    private static final int CLIENT_ID = ID.ID_FIELD_NUMBER << 3 | WireCursor.WIRETYPE_VARINT;
    /** Room in a listing frame for the envelope around the entries. */
    private static final int LISTING_OVERHEAD_BYTES = 64;
    /** No entry encodes smaller than this, which bounds how many a listing frame can hold. */
    private static final int MIN_ENTRY_BYTES = 12;

    private final RegistrationTable table;
    private final int listingBudgetBytes;
    private final RateLimitedLog rejections = new RateLimitedLog(LOG, 20);
    private final RegistryListener listener;
    private final SharedSecret secret;
    private final Leadership leadership;

    CoordinatorService(RegistrationTable table, WireLimits limits, SharedSecret secret, RegistryListener listener) {
        this(table, limits, secret, listener, Leadership.STANDALONE);
    }

    CoordinatorService(RegistrationTable table, WireLimits limits, SharedSecret secret, RegistryListener listener,
                       Leadership leadership) {
        this.table = table;
        this.leadership = leadership;
        this.secret = secret;
        this.listener = listener;
        this.listingBudgetBytes = limits.maxFrameBytes() - LISTING_OVERHEAD_BYTES;
    }

    RequestDispatcher dispatcher() {
        return RequestDispatcher.builder()
                .on(BodyCase.HEARTBEAT, whileLeading(this::heartbeat))
                .onUnparsed(BodyCase.HEARTBEAT, this::renewal)
                .on(BodyCase.GET_SERVER, whileLeading(this::getServer))
                .onUnparsed(BodyCase.GET_SERVER, this::assignment)
                .on(BodyCase.LIST_REGISTRY, whileLeading(this::listRegistry))
                .build();
    }

    /** A coordinator that does not lead serves nothing: it says where the leader is (docs/CONTRACT.md section 10). */
    private RequestHandler whileLeading(BiConsumer<Envelope, RequestContext> handler) {
        return (request, context) -> {
            if (leadership.leads()) {
                handler.accept(request, context);
            } else {
                context.reply(context.envelope().setNotLeader(NotLeader.newBuilder().setLeader(leadership.leader())));
            }
        };
    }

    private void heartbeat(Envelope request, RequestContext context) {
        Heartbeat heartbeat = request.getHeartbeat();
        ServerInfo info = heartbeat.getServerInfo();
        long started = System.nanoTime();
        if (!secret.admits(heartbeat.getSecret())) {
            refuseUnauthenticated(heartbeat, context, started);
            return;
        }
        if (heartbeat.getLeaving()) {
            table.leaving(heartbeat.getClusterId(), info.getServerId(), info.getHostname(), info.getPort(),
                    info.getType());
            context.reply(CONFIRMED);
            return;
        }
        Leadership.RegistrationWriter writer = leadership.writer();
        if (writer != null && !table.renews(heartbeat.getClusterId(), info.getServerId(), info.getHostname(), info.getPort(),
                info.getType())) {
            // A registration or revival: written through first, then taken by the table on the writer's thread.
            writer.write(heartbeat, info.getType(), () -> apply(heartbeat, context, started),
                    reason -> context.replyError(ErrorCode.INTERNAL, reason));
            return;
        }
        apply(heartbeat, context, started);
    }

    private void apply(Heartbeat heartbeat, RequestContext context, long started) {
        ServerInfo info = heartbeat.getServerInfo();
        HeartbeatOutcome outcome = table.heartbeat(heartbeat.getClusterId(), info.getServerId(), info.getHostname(),
                info.getPort(), info.getType(), ServerReport.of(heartbeat));
        listener.heartbeatHandled(heartbeat.getClusterId(), info.getServerId(), info.getHostname(), info.getPort(),
                outcome, System.nanoTime() - started);
        if (outcome.accepted()) {
            // Encoded when the cluster last changed, not now: a heartbeat allocates no reply of its own.
            context.reply(table.encodedHeartbeatReply(heartbeat.getClusterId(), info.getServerId(), info.getType()));
            return;
        }
        ErrorCode code = outcome.kind() == HeartbeatOutcome.Kind.SLOT_TAKEN ? ErrorCode.SLOT_TAKEN : ErrorCode.INVALID_ARGUMENT;
        rejections.warn("rejected a heartbeat from {} for cluster {} server {}: {}", context.channel().remoteAddress(),
                heartbeat.getClusterId(), info.getServerId(), outcome.reason());
        context.replyError(code, outcome.reason());
    }

    /**
     * The hot path: a live server's heartbeat from its registered address, read in place, without building the
     * envelope or decoding the host. Anything else (a first heartbeat, a revival, a goodbye, a secret to check, a
     * field out of range or unexpected, a coordinator that does not lead) is declined, then parsed and served by
     * {@link #heartbeat}.
     */
    private boolean renewal(UnparsedRequest request, RequestContext context) {
        if (secret.isRequired() || !leadership.leads()) {
            return false;
        }
        long started = System.nanoTime();
        WireCursor fields = request.body();
        int clusterId = 0;
        int serverId = 0;
        int hostIndex = -1;
        int hostLength = 0;
        int port = 0;
        int type = 0;
        while (fields.hasMore()) {
            switch (fields.readTag()) {
                case CLUSTER_ID -> clusterId = fields.readNonNegativeInt();
                case SERVER_INFO -> {
                    int end = fields.readLength() + fields.index();
                    while (fields.hasMore() && fields.index() < end) {
                        switch (fields.readTag()) {
                            case SERVER_ID -> serverId = fields.readNonNegativeInt();
                            case HOSTNAME -> {
                                hostLength = fields.readLength();
                                hostIndex = fields.index();
                                fields.skip(hostLength);
                            }
                            case PORT -> port = fields.readNonNegativeInt();
                            case TYPE -> type = fields.readNonNegativeInt();
                            default -> {
                                return false;
                            }
                        }
                    }
                    if (fields.index() != end) {
                        return false;
                    }
                }
                case SECRET -> fields.skip(fields.readLength()); // none is required: any is admitted
                default -> {
                    return false; // a goodbye, news (an in-sync report, a role heard), or a field this path does not know
                }
            }
        }
        ServerType knownType = ServerType.forNumber(type);
        if (fields.failed() || hostIndex < 0 || knownType == null) {
            return false;
        }
        Endpoint registered = table.endpointOf(clusterId, serverId);
        if (registered == null || registered.port() != port || registered.type() != knownType
                || !fields.asciiEquals(hostIndex, hostLength, registered.host())) {
            return false;
        }
        EncodedBody reply = table.renew(clusterId, serverId, registered);
        if (reply == null) {
            return false;
        }
        listener.heartbeatHandled(clusterId, serverId, registered.host(), port, HeartbeatOutcome.RENEWED,
                System.nanoTime() - started);
        context.reply(reply);
        return true;
    }

    /** Says only whether a secret was missing or wrong: never what was sent, nor what was expected. */
    private void refuseUnauthenticated(Heartbeat heartbeat, RequestContext context, long started) {
        ServerInfo info = heartbeat.getServerInfo();
        String reason = heartbeat.getSecret().isEmpty()
                ? "this coordinator requires the registration secret and the heartbeat carries none"
                : "the heartbeat carries a wrong registration secret";
        listener.heartbeatHandled(heartbeat.getClusterId(), info.getServerId(), info.getHostname(), info.getPort(),
                HeartbeatOutcome.unauthenticated(reason), System.nanoTime() - started);
        rejections.warn("rejected a heartbeat from {} for cluster {} server {}: {}", context.channel().remoteAddress(),
                heartbeat.getClusterId(), info.getServerId(), reason);
        context.replyError(ErrorCode.UNAUTHENTICATED, reason);
    }

    /**
     * The hot path of get-server: the client ID read in place instead of parsing the envelope. Anything else (no
     * master, an ID out of range, another field) is declined and served by getServer.
     */
    private boolean assignment(UnparsedRequest request, RequestContext context) {
        if (!leadership.leads()) {
            return false;
        }
        WireCursor fields = request.body();
        int clientId = 0;
        while (fields.hasMore()) {
            if (fields.readTag() != CLIENT_ID) {
                return false;
            }
            clientId = fields.readNonNegativeInt();
        }
        if (fields.failed() || clientId < 1) {
            return false;
        }
        EncodedBody reply = assignmentOf(clientId);
        if (reply == null) {
            return false;
        }
        context.reply(reply);
        return true;
    }

    private void getServer(Envelope request, RequestContext context) {
        int clientId = request.getGetServer().getId();
        EncodedBody reply;
        try {
            reply = assignmentOf(clientId);
        } catch (IllegalArgumentException invalid) {
            context.replyError(ErrorCode.INVALID_ARGUMENT, invalid.getMessage());
            return;
        }
        if (reply == null) {
            context.replyError(ErrorCode.NO_SERVER, "no server available for cluster " + table.clusterOf(clientId));
            return;
        }
        context.reply(reply);
    }

    /** Get-server's reply (the cluster's master, kept encoded); null for none; IllegalArgumentException below 1. */
    private EncodedBody assignmentOf(int clientId) {
        return table.cluster(table.clusterOf(clientId)).assignment();
    }

    /** As many registrations as fit in one frame, in table order; the reply says how many were left out. */
    private void listRegistry(Envelope request, RequestContext context) {
        RegistrySnapshot snapshot = table.snapshot(listingBudgetBytes / MIN_ENTRY_BYTES);
        RegistryListing.Builder listing = RegistryListing.newBuilder();
        long bytes = 0;
        for (RegisteredServer server : snapshot.servers()) {
            RegistryEntry entry = entryOf(server, snapshot.takenAtNanos());
            int size = entry.getSerializedSize();
            bytes += 1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
            if (bytes > listingBudgetBytes) {
                break;
            }
            listing.addEntries(entry);
        }
        listing.setOmitted(snapshot.total() - listing.getEntriesCount()).setLeaseMillis(table.lease().toMillis());
        context.reply(context.envelope().setRegistryListing(listing));
    }

    private static ServerInfo.Builder serverInfoOf(Endpoint endpoint) {
        return ServerInfo.newBuilder()
                .setServerId(endpoint.serverId())
                .setHostname(endpoint.host())
                .setPort(endpoint.port())
                .setType(endpoint.type());
    }

    /** A registration as status.sh and the dashboard show it, aged as of {@code nowNanos}. */
    static RegistryEntry entryOf(RegisteredServer server, long nowNanos) {
        return RegistryEntry.newBuilder()
                .setClusterId(server.clusterId())
                .setServerInfo(serverInfoOf(server.endpoint()))
                .setAlive(server.alive())
                .setMillisSinceHeartbeat(Math.max(0, (nowNanos - server.lastHeartbeatNanos()) / 1_000_000))
                .setRole(server.role())
                .build();
    }
}
