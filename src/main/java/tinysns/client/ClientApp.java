package tinysns.client;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import tinysns.protocol.proto.ServerInfo;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;

/**
 * The client's life: find the server through the coordinator, log in, print the banner, then command mode and,
 * after TIMELINE, timeline mode. Returns the process exit code.
 */
public final class ClientApp {

    /**
     * A ping every second; a server silent for 8 s is taken for gone. The margin over the RPC default's 6 s lets a
     * server that pauses for a few seconds (a long GC, a SIGSTOP of 4 s) keep its clients.
     */
    static final RpcClientOptions OPTIONS = RpcClientOptions.DEFAULT.withKeepAlive(Duration.ofSeconds(1), Duration.ofSeconds(8));

    private final ClientConfig config;
    private final Terminal terminal;
    private final ZoneId zone;
    private final Duration failoverWait;

    public ClientApp(ClientConfig config, Terminal terminal, ZoneId zone) {
        this(config, terminal, zone, null);
    }

    /**
     * @param failoverWait how long to wait for a new master when the cluster has another live server (section 8);
     *                     null for the coordinator's lease plus 5 s
     */
    public ClientApp(ClientConfig config, Terminal terminal, ZoneId zone, Duration failoverWait) {
        this.config = config;
        this.terminal = terminal;
        this.zone = zone;
        this.failoverWait = failoverWait;
    }

    /** Runs until the end of input (exit 0), a failed start (1), or the loss of the server in timeline mode (1). */
    public int run(PrintStream errors) throws InterruptedException {
        try (RpcClient rpc = new RpcClient("tsc-timer", OPTIONS)) {
            SnsSession session;
            try {
                ServerInfo server = ServerLocator.locate(rpc, config);
                session = SnsSession.open(rpc, server, config.username());
            } catch (StartupFailedException e) {
                errors.println(e.getMessage());
                return 1;
            }
            try (session) {
                session.onLost(() -> terminal.post(new InputEvent.ServerLost()));
                terminal.println(OutputLines.BANNER);
                Failover failover = new Failover(rpc, config, terminal, failoverWait);
                TimelineMode timeline = new TimelineMode(session, terminal, new PostFormat(zone), failover);
                CommandMode.Exit exit = new CommandMode(session, terminal, timeline, failover).run();
                return exit == CommandMode.Exit.ENTERED_TIMELINE ? timeline.run() : 0;
            }
        }
    }
}
