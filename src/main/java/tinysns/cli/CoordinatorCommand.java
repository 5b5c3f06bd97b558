package tinysns.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tinysns.coordinator.Coordinator;
import tinysns.coordinator.CoordinatorSettings;
import tinysns.coordinator.LeaseTimers;
import tinysns.rpc.PortInUseException;

/** {@code scripts/coordinator.sh}: runs the coordinator until SIGTERM or SIGINT. */
@Command(description = "Runs the coordinator: the registration table of servers, which tells each client its server.",
        sortOptions = false)
public final class CoordinatorCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger("tinysns.coordinator");
    private static final long MAX_LEASE_SECONDS = 86_400;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    private int port;
    private Duration lease;

    @Option(names = "--bind", paramLabel = "<address>", defaultValue = CoordinatorSettings.ALL_INTERFACES, order = 3,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String bind;

    @Option(names = {"-p", "--port"}, paramLabel = "<port>", defaultValue = "9090", order = 1,
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    void port(int value) {
        if (value < 0 || value > 65535) {
            throw new ParameterException(spec.commandLine(), "invalid port " + value + ": must be between 0 and 65535");
        }
        port = value;
    }

    @Option(names = "--lease", paramLabel = "<seconds>", defaultValue = "10", order = 2,
            description = "A server is declared dead this many seconds after its last heartbeat "
                    + "(default: ${DEFAULT-VALUE}; decimals allowed).")
    void lease(BigDecimal seconds) {
        if (seconds.signum() <= 0 || seconds.compareTo(BigDecimal.valueOf(MAX_LEASE_SECONDS)) > 0) {
            throw new ParameterException(spec.commandLine(),
                    "invalid lease " + seconds.toPlainString() + ": must be more than 0 and at most " + MAX_LEASE_SECONDS + " seconds");
        }
        Duration value = Duration.ofNanos(seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact());
        try {
            LeaseTimers.requireTickWellUnderLease(value, LeaseTimers.DEFAULT_TICK);
        } catch (IllegalArgumentException tooShort) {
            throw new ParameterException(spec.commandLine(), "invalid lease " + seconds.toPlainString() + ": " + tooShort.getMessage());
        }
        lease = value;
    }

    @Override
    public Integer call() {
        TerminationSignal termination = TerminationSignal.install();
        CoordinatorSettings settings = CoordinatorSettings.defaults().withBindHost(bind).withPort(port).withLease(lease);
        Coordinator coordinator;
        try {
            coordinator = Coordinator.start(settings);
        } catch (PortInUseException inUse) {
            throw new UserFacingException("coordinator: " + inUse.getMessage());
        } catch (IOException e) {
            throw new UserFacingException("coordinator: " + e.getMessage());
        }
        String why = termination.await();
        LOG.info("stopping on {}", why);
        coordinator.close();
        LOG.info("stopped");
        return ExitCodes.OK;
    }
}
