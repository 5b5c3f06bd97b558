package tinysns.client;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import tinysns.coordination.Coordinators;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ServerInfo;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;

/** Asks the coordinator (the leader, when there are several) which server serves this user. */
final class ServerLocator {

    private ServerLocator() {
    }

    static ServerInfo locate(RpcClient rpc, ClientConfig config) throws StartupFailedException {
        Coordinators coordinators = config.coordinators();
        String coordinator = coordinators.describe();
        // One coordinator is asked once, as always; several are searched for their leader through a takeover.
        Duration patience = config.coordinatorList().isEmpty() ? Duration.ZERO : Coordinators.DEFAULT_PATIENCE;
        try {
            return coordinators.ask(rpc, client -> client.getServer(config.userId()), patience);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemoteErrorException remote) {
                if (remote.code() == ErrorCode.NO_SERVER) {
                    throw new StartupFailedException("no server available for cluster " + config.clusterId());
                }
                throw new StartupFailedException("coordinator at " + coordinator + " refused: " + remote.remoteMessage());
            }
            throw new StartupFailedException("cannot reach coordinator at " + coordinator);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupFailedException("cannot reach coordinator at " + coordinator);
        }
    }
}
