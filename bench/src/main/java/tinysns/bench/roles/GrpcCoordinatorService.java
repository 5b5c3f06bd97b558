package tinysns.bench.roles;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import tinysns.bench.grpc.proto.Confirmation;
import tinysns.bench.grpc.proto.CoordinatorGrpc;
import tinysns.bench.grpc.proto.Heartbeat;
import tinysns.bench.grpc.proto.ID;
import tinysns.bench.grpc.proto.ServerInfo;
import tinysns.bench.grpc.proto.ServerType;
import tinysns.coordinator.Endpoint;
import tinysns.coordinator.HeartbeatOutcome;
import tinysns.coordinator.RegistrationTable;

/**
 * The coordinator's Heartbeat and GetServer, written as a gRPC-java service over the product's own
 * {@link RegistrationTable}: the table is the same, only the transport differs. Rejections become gRPC statuses,
 * as a gRPC user would write them.
 */
final class GrpcCoordinatorService extends CoordinatorGrpc.CoordinatorImplBase {

    private static final Confirmation CONFIRMED = Confirmation.newBuilder().setStatus(true).build();

    private final RegistrationTable table;

    GrpcCoordinatorService(RegistrationTable table) {
        this.table = table;
    }

    @Override
    public void heartbeat(Heartbeat request, StreamObserver<Confirmation> responses) {
        ServerInfo info = request.getServerInfo();
        HeartbeatOutcome outcome = table.heartbeat(request.getClusterId(), info.getServerId(), info.getHostname(),
                info.getPort(), roleOf(info.getType()));
        if (outcome.accepted()) {
            responses.onNext(CONFIRMED);
            responses.onCompleted();
        } else {
            Status status = outcome.kind() == HeartbeatOutcome.Kind.SLOT_TAKEN ? Status.ALREADY_EXISTS : Status.INVALID_ARGUMENT;
            responses.onError(status.withDescription(outcome.reason()).asRuntimeException());
        }
    }

    @Override
    public void getServer(ID request, StreamObserver<ServerInfo> responses) {
        int clientId = request.getId();
        if (clientId < 1) {
            responses.onError(Status.INVALID_ARGUMENT
                    .withDescription("invalid client ID " + clientId + ": must be at least 1").asRuntimeException());
            return;
        }
        Endpoint server = table.assign(clientId);
        if (server == null) {
            responses.onError(Status.NOT_FOUND
                    .withDescription("no server available for cluster " + table.clusterOf(clientId)).asRuntimeException());
            return;
        }
        responses.onNext(ServerInfo.newBuilder()
                .setServerId(server.serverId())
                .setHostname(server.host())
                .setPort(server.port())
                .setType(server.type() == tinysns.protocol.proto.ServerType.SERVER ? ServerType.SERVER : ServerType.FOLLOWER_COORDINATOR)
                .build());
        responses.onCompleted();
    }

    /** gRPC's copy of the type, as the product's; null for one the table rejects. */
    private static tinysns.protocol.proto.ServerType roleOf(ServerType type) {
        return switch (type) {
            case SERVER -> tinysns.protocol.proto.ServerType.SERVER;
            case FOLLOWER_COORDINATOR -> tinysns.protocol.proto.ServerType.FOLLOWER_COORDINATOR;
            default -> null;
        };
    }
}
