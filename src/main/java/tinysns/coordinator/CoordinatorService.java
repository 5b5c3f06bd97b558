package tinysns.coordinator;

import com.google.protobuf.CodedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.auth.SharedSecret;
import tinysns.protocol.EncodedBody;
import tinysns.protocol.RateLimitedLog;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.Confirmation;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RequestContext;
import tinysns.rpc.RequestDispatcher;

/**
 * Translates the coordinator's requests (heartbeat, get-server, list-registry) between the wire messages and the
 * registration table. Runs on the I/O threads; every table operation it calls is short and never blocks for long.
 */
final class CoordinatorService {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.coordinator");
    /** The reply to every accepted heartbeat and goodbye, encoded once. */
    private static final EncodedBody CONFIRMED = EncodedBody.of(Envelope.newBuilder()
            .setConfirmation(Confirmation.newBuilder().setStatus(true)).build());
    /** Room in a listing frame for the envelope around the entries. */
    private static final int LISTING_OVERHEAD_BYTES = 64;
    /** No entry encodes smaller than this, which bounds how many a listing frame can hold. */
    private static final int MIN_ENTRY_BYTES = 12;

    private final RegistrationTable table;
    private final int listingBudgetBytes;
    private final RateLimitedLog rejections = new RateLimitedLog(LOG, 20);
    private final RegistryListener listener;
    private final SharedSecret secret;

    CoordinatorService(RegistrationTable table, WireLimits limits, SharedSecret secret, RegistryListener listener) {
        this.table = table;
        this.secret = secret;
        this.listener = listener;
        this.listingBudgetBytes = limits.maxFrameBytes() - LISTING_OVERHEAD_BYTES;
    }

    RequestDispatcher dispatcher() {
        return RequestDispatcher.builder()
                .on(BodyCase.HEARTBEAT, this::heartbeat)
                .on(BodyCase.GET_SERVER, this::getServer)
                .on(BodyCase.LIST_REGISTRY, this::listRegistry)
                .build();
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
            table.leaving(heartbeat.getClusterId(), info.getServerId(), info.getHostname(), info.getPort());
            context.reply(CONFIRMED);
            return;
        }
        HeartbeatOutcome outcome = table.heartbeat(heartbeat.getClusterId(), info.getServerId(), info.getHostname(),
                info.getPort(), roleOf(info.getType()));
        listener.heartbeatHandled(heartbeat.getClusterId(), info.getServerId(), info.getHostname(), info.getPort(),
                outcome, System.nanoTime() - started);
        if (outcome.accepted()) {
            context.reply(CONFIRMED);
            return;
        }
        ErrorCode code = outcome.kind() == HeartbeatOutcome.Kind.SLOT_TAKEN ? ErrorCode.SLOT_TAKEN : ErrorCode.INVALID_ARGUMENT;
        rejections.warn("rejected a heartbeat from {} for cluster {} server {}: {}", context.channel().remoteAddress(),
                heartbeat.getClusterId(), info.getServerId(), outcome.reason());
        context.replyError(code, outcome.reason());
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

    private void getServer(Envelope request, RequestContext context) {
        int clientId = request.getGetServer().getId();
        Endpoint server;
        try {
            server = table.assign(clientId);
        } catch (IllegalArgumentException invalid) {
            context.replyError(ErrorCode.INVALID_ARGUMENT, invalid.getMessage());
            return;
        }
        if (server == null) {
            context.replyError(ErrorCode.NO_SERVER, "no server available for cluster " + table.clusterOf(clientId));
            return;
        }
        context.reply(Envelope.newBuilder().setServerInfo(serverInfoOf(server)));
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
        listing.setOmitted(snapshot.total() - listing.getEntriesCount());
        context.reply(Envelope.newBuilder().setRegistryListing(listing));
    }

    private static ServerInfo.Builder serverInfoOf(Endpoint endpoint) {
        return ServerInfo.newBuilder()
                .setServerId(endpoint.serverId())
                .setHostname(endpoint.host())
                .setPort(endpoint.port())
                .setType(typeOf(endpoint.role()));
    }

    private static RegistryEntry entryOf(RegisteredServer server, long nowNanos) {
        return RegistryEntry.newBuilder()
                .setClusterId(server.clusterId())
                .setServerInfo(serverInfoOf(server.endpoint()))
                .setAlive(server.alive())
                .setMillisSinceHeartbeat(Math.max(0, (nowNanos - server.lastHeartbeatNanos()) / 1_000_000))
                .build();
    }

    /** Null for a type this coordinator does not know, which the table rejects as an invalid type. */
    static ServerRole roleOf(ServerType type) {
        return switch (type) {
            case SERVER -> ServerRole.SERVER;
            case FOLLOWER_COORDINATOR -> ServerRole.FOLLOWER_COORDINATOR;
            default -> null;
        };
    }

    static ServerType typeOf(ServerRole role) {
        return switch (role) {
            case SERVER -> ServerType.SERVER;
            case FOLLOWER_COORDINATOR -> ServerType.FOLLOWER_COORDINATOR;
        };
    }
}
