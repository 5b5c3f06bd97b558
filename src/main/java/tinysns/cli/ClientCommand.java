package tinysns.cli;

import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tinysns.client.ClientApp;
import tinysns.client.ClientConfig;
import tinysns.client.InputEvent;
import tinysns.client.Terminal;

/** {@code scripts/tsc.sh}: the Tiny SNS client for one user. */
@Command(description = {
        "The Tiny SNS client. Asks the coordinator for the server of the user's cluster, (u - 1) %% 3 + 1,",
        "logs in, and reads commands: FOLLOW <user>, UNFOLLOW <user>, LIST, TIMELINE. Ctrl-D ends it."},
        sortOptions = false)
public final class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    CoordinatorOptions coordinator;

    @Option(names = {"-u", "--user"}, required = true, paramLabel = "<userId>",
            description = "The user's ID, a positive integer (required).")
    String userId;

    @Override
    public Integer call() throws InterruptedException {
        int user = parseUserId();
        ClientConfig config = new ClientConfig(coordinator.host(), coordinator.port(), user,
                !coordinator.listed() ? "" : coordinator.coordinators().describe());
        Terminal terminal = new Terminal(System.in, System.out);
        // SIGTERM or Ctrl-C ends the client as Ctrl-D does: after the command in progress has its answer, exit 0.
        TerminationSignal.install(() -> terminal.post(new InputEvent.EndOfInput()));
        return new ClientApp(config, terminal, ZoneId.systemDefault()).run(System.err);
    }

    private int parseUserId() {
        try {
            int user = Integer.parseInt(userId.trim());
            if (user >= 1) {
                return user;
            }
        } catch (NumberFormatException e) {
            // falls through to the usage error
        }
        throw new ParameterException(spec.commandLine(), "-u must be a positive integer user ID, got '" + userId + "'");
    }
}
