package tinysns.cli;

import java.io.PrintWriter;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tinysns.coordination.CoordinatorClient;
import tinysns.coordination.Coordinators;
import tinysns.coordination.NotLeaderException;
import tinysns.protocol.proto.RegistryListing;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcException;

/** {@code scripts/status.sh}: asks the coordinator for its registration table and prints it (once, or every second). */
@Command(description = "Prints the coordinator's registration table: cluster, server ID, host:port, type, "
        + "ALIVE/DEAD and seconds since the last heartbeat.", sortOptions = false)
public final class StatusCommand implements Callable<Integer> {

    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = {"-h", "--host"}, paramLabel = "<coordinatorHost>", defaultValue = "localhost",
            description = "The coordinator's host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-k", "--port"}, paramLabel = "<coordinatorPort>", defaultValue = "9090",
            converter = PortConverter.Connect.class, description = "The coordinator's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--coordinators", paramLabel = "<host:port,...>",
            description = "Several coordinators sharing ZooKeeper (instead of -h/-k): whichever leads is used, and a"
                    + " change of leader is followed.")
    String coordinators;

    @Option(names = {"-w", "--watch"},
            description = "Redraw the table every second, in place, until Ctrl-C.")
    boolean watch;

    @Override
    public Integer call() {
        try (RpcClient rpc = new RpcClient("tinysns-status", RpcClientOptions.DEFAULT.withoutKeepAlive())) {
            PrintWriter out = spec.commandLine().getOut();
            if (watch) {
                TerminationSignal ctrlC = TerminationSignal.install();
                new StatusWatch(() -> StatusTable.render(fetch(rpc)), coordinators != null ? coordinators : host + ":" + port, out, Clock.systemDefaultZone(),
                        WATCH_INTERVAL, ctrlC::await).run();
                return ExitCodes.OK;
            }
            StatusTable.render(fetch(rpc)).forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
    }

    private RegistryListing fetch(RpcClient rpc) {
        if (coordinators != null) {
            return fetchFromLeader(rpc, Options.coordinators(spec, coordinators));
        }
        String where = host + ":" + port;
        CoordinatorClient coordinator;
        try {
            coordinator = CoordinatorClient.connect(rpc, host, port).get();
        } catch (ExecutionException | CompletionException e) {
            String why = e.getCause() instanceof UnknownHostException ? " (unknown host)" : "";
            throw new UserFacingException("cannot reach coordinator at " + where + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException("interrupted while connecting to the coordinator at " + where);
        }
        try (coordinator) {
            return coordinator.listRegistry().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NotLeaderException) {
                return fetchFromLeader(rpc, Coordinators.of(host, port)); // a follower: ask the leader it names
            }
            if (e.getCause() instanceof RemoteErrorException refused) {
                throw new UserFacingException("the coordinator at " + where + " refused the listing: " + refused.remoteMessage());
            }
            String why = e.getCause() instanceof RpcException rpcFailure ? rpcFailure.getMessage() : String.valueOf(e.getCause());
            throw new UserFacingException("cannot reach coordinator at " + where + ": " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException("interrupted while waiting for the coordinator at " + where);
        }
    }

    /** From whichever coordinator leads, following NotLeader answers through a takeover. */
    private RegistryListing fetchFromLeader(RpcClient rpc, Coordinators leaders) {
        String where = leaders.describe();
        try {
            return leaders.ask(rpc, CoordinatorClient::listRegistry, Coordinators.DEFAULT_PATIENCE);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RemoteErrorException refused) {
                throw new UserFacingException("the coordinator at " + where + " refused the listing: " + refused.remoteMessage());
            }
            String why = e.getCause() == null || e.getCause().getMessage() == null ? "no answer" : e.getCause().getMessage();
            throw new UserFacingException("cannot reach coordinator at " + where + ": " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException("interrupted while waiting for the coordinator at " + where);
        }
    }
}
