package tinysns.cli;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tinysns.auth.SecretSource;
import tinysns.sync.Synchronizer;
import tinysns.sync.SynchronizerConfig;

/** {@code scripts/synchronizer.sh}: parses the flags, starts a synchronizer, stops it on SIGTERM (exit 0). */
@Command(description = "A tinysns follower synchronizer: carries its cluster's users, follows and posts to the other"
        + " clusters through RabbitMQ, and theirs to the server beside it (docs/SYNCHRONIZERS.md).", sortOptions = false)
public final class SynchronizerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SynchronizerCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    CoordinatorOptions coordinator;

    @Option(names = {"-p", "--port"}, paramLabel = "<port>", required = true, converter = PortConverter.Listen.class,
            description = "Port this synchronizer holds and registers (it answers pings only; 0 picks a free one).")
    int port;

    @Option(names = {"-i", "--id"}, paramLabel = "<synchronizerId>", required = true,
            description = "Synchronizer ID, 1 or more: synchronizer i works beside server (i - 1) / 3 + 1 of cluster"
                    + " (i - 1) %% 3 + 1.")
    int id;

    @Option(names = "--broker", paramLabel = "<amqp://host:port>", defaultValue = SynchronizerConfig.DEFAULT_BROKER,
            description = "The RabbitMQ broker (default: ${DEFAULT-VALUE}; scripts/broker.sh up starts one).")
    String broker;

    @Option(names = "--heartbeat-interval", paramLabel = "<seconds>", defaultValue = "5",
            description = "Seconds between heartbeats, decimals allowed (default: ${DEFAULT-VALUE}).")
    BigDecimal heartbeatSeconds;

    @Option(names = "--hostname", paramLabel = "<name>", defaultValue = "localhost",
            description = "Host name this synchronizer registers (default: ${DEFAULT-VALUE}).")
    String hostname;

    @Option(names = "--bind", paramLabel = "<address>", defaultValue = "0.0.0.0",
            description = "Local address to listen on (default: ${DEFAULT-VALUE}).")
    String bindHost;

    @Option(names = "--secret-file", paramLabel = "<path>",
            description = "File holding the registration secret, sent with every heartbeat and to the server beside"
                    + " it (default: the environment variable " + SecretSource.ENVIRONMENT_VARIABLE + ", else none).")
    Path secretFile;

    @Override
    public Integer call() {
        SynchronizerConfig config = config();
        RoleLifecycle<Synchronizer> life = RoleLifecycle.start("synchronizer", LOG,
                onRejected -> Synchronizer.start(config, onRejected));
        life.awaitStopAndClose();
        return life.role().rejected() ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private SynchronizerConfig config() {
        try {
            return new SynchronizerConfig(id, coordinator.coordinators(), port, hostname, bindHost,
                    SynchronizerConfig.broker(broker), Options.seconds(heartbeatSeconds, "--heartbeat-interval"),
                    Options.secret(spec, secretFile));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
