package tinysns.client;

import java.util.concurrent.CompletionException;
import tinysns.coordination.CoordinatorClient;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ServerInfo;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;

/** Asks the coordinator which server serves this user. */
final class ServerLocator {

    private ServerLocator() {
    }

    static ServerInfo locate(RpcClient rpc, ClientConfig config) throws StartupFailedException {
        String coordinator = config.coordinatorHost() + ":" + config.coordinatorPort();
        CoordinatorClient coordinatorClient;
        try {
            coordinatorClient = CoordinatorClient.connect(rpc, config.coordinatorHost(), config.coordinatorPort()).join();
        } catch (CompletionException e) {
            throw new StartupFailedException("cannot reach coordinator at " + coordinator);
        }
        try (coordinatorClient) {
            return coordinatorClient.getServer(config.userId()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RemoteErrorException remote) {
                if (remote.code() == ErrorCode.NO_SERVER) {
                    throw new StartupFailedException("no server available for cluster " + config.clusterId());
                }
                throw new StartupFailedException("coordinator at " + coordinator + " refused: " + remote.remoteMessage());
            }
            throw new StartupFailedException("cannot reach coordinator at " + coordinator);
        }
    }
}
