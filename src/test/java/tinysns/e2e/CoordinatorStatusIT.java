package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.HashedWheelTimer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tinysns.coordination.CoordinatorClient;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;

/** {@code scripts/status.sh} against a real coordinator process, and against nothing. */
class CoordinatorStatusIT {

    private static final Duration EXIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<ScriptProcess> started = new ArrayList<>();
    private final HashedWheelTimer rpcTimer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final RpcClient rpc = new RpcClient(rpcTimer, RpcClientOptions.DEFAULT.withoutKeepAlive());
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final List<CoordinatorClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        heartbeats.shutdownNow();
        clients.forEach(CoordinatorClient::close);
        started.forEach(ScriptProcess::close);
        rpc.close();
        rpcTimer.stop();
    }

    @Test
    void statusPrintsOneLineAndExitsOneWhenNoCoordinatorListens() throws Exception {
        int port = FreePorts.next();
        ScriptProcess status = start("scripts/status.sh", "-h", "127.0.0.1", "-k", String.valueOf(port));
        assertEquals(1, status.awaitExit(EXIT));
        assertEquals(List.of("cannot reach coordinator at 127.0.0.1:" + port), status.stderr());
        assertTrue(status.stdout().isEmpty(), status.stdout().toString());
    }

    @Test
    void statusShowsEachRegisteredServerAliveOrDeadWithSecondsSinceItsLastHeartbeat() throws Exception {
        ScriptProcess coordinator = start("scripts/coordinator.sh", "-p", "0", "--bind", "127.0.0.1", "--lease", "3");
        int port = Integer.parseInt(coordinator.awaitStderr(CoordinatorScriptIT.LISTENING, ScriptProcess.STARTUP).group(1));
        CoordinatorClient server = CoordinatorClient.connect(rpc, "127.0.0.1", port).get(10, TimeUnit.SECONDS);
        clients.add(server);
        server.heartbeat(1, info(3, "localhost", 10003)).get(10, TimeUnit.SECONDS);
        coordinator.awaitStderr(Pattern.compile("cluster 1 server 3 at localhost:10003 declared dead: no heartbeat for \\d+\\.\\d s"), EXIT);
        // Server 7 beats like a real server, well within the lease, for as long as the test runs.
        heartbeats.scheduleWithFixedDelay(() -> server.heartbeat(2, info(7, "localhost", 10007)), 0, 250, TimeUnit.MILLISECONDS);
        await().atMost(EXIT).until(() -> server.listRegistry().get().getEntriesCount() == 2);

        ScriptProcess status = start("scripts/status.sh", "-h", "127.0.0.1", "-k", String.valueOf(port));
        assertEquals(0, status.awaitExit(EXIT));
        List<String> table = status.stdout();
        assertEquals(3, table.size(), table.toString());
        assertTrue(table.get(0).matches("CLUSTER\\s+SERVER\\s+ADDRESS\\s+TYPE\\s+STATE\\s+SINCE HEARTBEAT \\(s\\)\\s+ROLE"), table.get(0));
        assertTrue(table.get(1).matches("1\\s+3\\s+localhost:10003\\s+SERVER\\s+DEAD\\s+\\d+\\.\\d\\s+-"), table.get(1));
        assertTrue(table.get(2).matches("2\\s+7\\s+localhost:10007\\s+SERVER\\s+ALIVE\\s+\\d+\\.\\d\\s+MASTER"), table.get(2));
        double deadFor = Double.parseDouble(table.get(1).replaceAll("\\s+-$", "").replaceAll(".*\\s", ""));
        assertTrue(deadFor >= 3.0, "a dead server has been silent for at least the lease: " + deadFor);
        assertTrue(status.stderr().isEmpty(), status.stderr().toString());
    }

    @Test
    void statusOfAnEmptyCoordinatorIsAHeaderAndExitsZero() {
        ScriptProcess coordinator = start("scripts/coordinator.sh", "-p", "0", "--bind", "127.0.0.1");
        int port = Integer.parseInt(coordinator.awaitStderr(CoordinatorScriptIT.LISTENING, ScriptProcess.STARTUP).group(1));
        ScriptProcess status = start("scripts/status.sh", "-h", "127.0.0.1", "-k", String.valueOf(port));
        assertEquals(0, status.awaitExit(EXIT));
        assertTrue(status.stdout().get(0).startsWith("CLUSTER"), status.stdout().toString());
    }

    @Test
    void watchRedrawsTheTableEverySecondShowingChangesUntilCtrlCThenExitsZero() throws Exception {
        ScriptProcess coordinator = start("scripts/coordinator.sh", "-p", "0", "--bind", "127.0.0.1", "--http-port", "off");
        int port = Integer.parseInt(coordinator.awaitStderr(CoordinatorScriptIT.LISTENING, ScriptProcess.STARTUP).group(1));
        ScriptProcess watch = start("scripts/status.sh", "-h", "127.0.0.1", "-k", String.valueOf(port), "--watch");
        watch.awaitStdout(Pattern.compile("\\(no servers registered\\)"), ScriptProcess.STARTUP);
        int firstFrame = watch.stdout().size();

        CoordinatorClient server = CoordinatorClient.connect(rpc, "127.0.0.1", port).get(10, TimeUnit.SECONDS);
        clients.add(server);
        server.heartbeat(2, info(7, "localhost", 10007)).get(10, TimeUnit.SECONDS);
        // A later frame, drawn over the first one, shows the server that registered meanwhile.
        watch.awaitStdoutAfter(firstFrame, Pattern.compile("^2\\s+7\\s+localhost:10007\\s+SERVER\\s+ALIVE\\s+\\d+\\.\\d\\s+MASTER\\u001b\\[[KJ]$"), EXIT);
        List<String> titles = watch.stdout().stream().filter(line -> line.contains("Every 1 s: coordinator 127.0.0.1:" + port)).toList();
        assertTrue(titles.size() >= 2, titles.toString());
        assertTrue(titles.stream().allMatch(line -> line.startsWith("\u001b[H")), "every frame starts at the top left: " + titles);

        watch.signal("INT");
        assertEquals(0, watch.awaitExit(EXIT));
        assertTrue(watch.stderr().isEmpty(), watch.stderr().toString());
    }

    private static ServerInfo info(int id, String host, int port) {
        return ServerInfo.newBuilder().setServerId(id).setHostname(host).setPort(port).setType(ServerType.SERVER).build();
    }

    private ScriptProcess start(String script, String... args) {
        ScriptProcess process = ScriptProcess.start(dir, script, args);
        started.add(process);
        return process;
    }
}
