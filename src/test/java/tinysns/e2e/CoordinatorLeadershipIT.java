package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Heartbeat;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.ServerType;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

/**
 * Coordinator processes sharing a real ZooKeeper (in this JVM, with a 500 ms tick) with the default 4 s session
 * (docs/CONTRACT.md section 10).
 */
@Order(5) // among the longest classes: started first (see the failsafe configuration in pom.xml)
class CoordinatorLeadershipIT {

    static final Duration SESSION = Duration.ofSeconds(4);
    static final Pattern LEADING = Pattern.compile("leading as 127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path work;

    private TestingServer zooKeeper;
    private Roles roles;
    private RpcClient rpc;

    @BeforeEach
    void start() throws Exception {
        zooKeeper = new TestingServer(new InstanceSpec(work.resolve("zookeeper").toFile(), -1, -1, -1, false, -1, 500, -1), true);
        roles = new Roles(work);
        rpc = new RpcClient("test-rpc", RpcClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() throws Exception {
        roles.close();
        rpc.close();
        zooKeeper.close();
    }

    @Test
    void aLeaderStoppedPastItsSessionDoesNotActAsLeaderWhenItResumes() throws Exception {
        Roles.Running first = coordinator();
        first.process().awaitStderr(LEADING, ScriptProcess.STARTUP);
        Roles.Running second = coordinator();
        second.process().awaitStderr(Pattern.compile("following the leader at 127\\.0\\.0\\.1:" + first.port()),
                ScriptProcess.STARTUP);

        first.process().signal("STOP");
        long stopped = System.nanoTime();
        second.process().awaitStderr(LEADING, SESSION.plusSeconds(10));
        // The stop must outlast the session, so that ZooKeeper has really passed the lead on.
        await().atMost(SESSION.plusSeconds(2)).until(() -> System.nanoTime() - stopped > SESSION.plusSeconds(1).toNanos());
        first.process().signal("CONT");

        Envelope heartbeat = call(first.port(), heartbeatOf(1, 1, 9001));
        assertTrue(heartbeat.hasNotLeader(), "the woken leader took a heartbeat: " + heartbeat);
        Envelope assignment = call(first.port(), Envelope.newBuilder().setGetServer(ID.newBuilder().setId(1)));
        assertTrue(assignment.hasNotLeader(), "the woken leader answered an assignment: " + assignment);
        await("the woken coordinator names the new leader").atMost(Duration.ofSeconds(10)).until(() ->
                call(first.port(), Envelope.newBuilder().setGetServer(ID.newBuilder().setId(1))).getNotLeader().getLeader()
                        .equals("127.0.0.1:" + second.port()));
        assertTrue(call(second.port(), heartbeatOf(1, 1, 9001)).hasConfirmation() || call(second.port(),
                heartbeatOf(1, 1, 9001)).hasHeartbeatReply(), "the new leader serves");
    }

    @Test
    void killingTheLeaderHandsTheLeadOnWithinTheSessionAndNoOneIsDeclaredDeadOrMoved() throws Exception {
        List<Roles.Running> coordinators = new ArrayList<>();
        coordinators.add(coordinator());
        coordinators.get(0).process().awaitStderr(LEADING, ScriptProcess.STARTUP);
        coordinators.add(coordinator());
        coordinators.add(coordinator());
        String list = coordinators.stream().map(c -> "127.0.0.1:" + c.port()).collect(Collectors.joining(","));
        List<ScriptProcess> servers = new ArrayList<>();
        for (int cluster = 1; cluster <= 3; cluster++) {
            servers.add(roles.server(Map.of(), cluster, coordinators.get(0).port(), FreePorts.next(),
                    "--coordinators", list));
        }
        for (ScriptProcess server : servers) {
            server.awaitStderr(Roles.REGISTERED, ScriptProcess.STARTUP);
        }
        Map<Integer, Integer> before = assignments(coordinators.get(0).port());

        Roles.Running leader = coordinators.remove(0);
        leader.process().kill();
        long killedAtMillis = System.currentTimeMillis();
        ScriptProcess client = roles.start(Map.of(), "scripts/tsc.sh", List.of("--coordinators", list, "-u", "2"));

        Roles.Running next = awaitNewLeader(coordinators);
        long tookMillis = logTime(next.process().awaitStderr(LEADING, ScriptProcess.STARTUP).group(0), next) - killedAtMillis;
        System.out.println("takeover: a follower led " + tookMillis + " ms after kill -9 of the leader");
        assertTrue(tookMillis <= SESSION.plusSeconds(1).toMillis(),
                "a follower led " + tookMillis + " ms after the leader was killed; the bound is the session + 1 s");
        client.awaitStdout(Pattern.compile("^=====================================$"), ScriptProcess.STARTUP);
        assertEquals(before, assignments(next.port()), "a user was given another server after the change of leader");
        // A whole lease after the takeover: every server has found the new leader, none was declared dead.
        await().atMost(Duration.ofSeconds(30)).until(() -> servers.stream().allMatch(s -> s.stderr().stream()
                .anyMatch(line -> line.contains("reachable again"))));
        long leaseAfterTakeover = killedAtMillis + tookMillis + 10_500;
        await().atMost(Duration.ofSeconds(30)).until(() -> System.currentTimeMillis() > leaseAfterTakeover);
        assertTrue(next.process().stderr().stream().noneMatch(line -> line.matches(".*cluster \\d server 1 at .* declared dead.*")),
                "a server was declared dead after the change of leader");
        assertEquals(before, assignments(next.port()));
    }

    /** The coordinator among {@code followers} that says it leads. */
    private static Roles.Running awaitNewLeader(List<Roles.Running> followers) {
        return await("a follower leading").atMost(ScriptProcess.STARTUP).until(() -> followers.stream()
                .filter(c -> c.process().stderr().stream().anyMatch(line -> LEADING.matcher(line).find()))
                .findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    /** When a log line was written, by its own timestamp. */
    private static long logTime(String matched, Roles.Running coordinator) {
        String line = coordinator.process().stderr().stream().filter(l -> l.contains(matched)).findFirst().orElseThrow();
        return java.time.LocalDateTime.parse(line.substring(0, 23).replace(' ', 'T'))
                .atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    /** Users 1..6 to the port of the server each is given. */
    private Map<Integer, Integer> assignments(int coordinatorPort) throws Exception {
        Map<Integer, Integer> ports = new java.util.TreeMap<>();
        for (int user = 1; user <= 6; user++) {
            Envelope reply = call(coordinatorPort, Envelope.newBuilder().setGetServer(ID.newBuilder().setId(user)));
            assertTrue(reply.hasServerInfo(), "user " + user + ": " + reply);
            ports.put(user, reply.getServerInfo().getPort());
        }
        return ports;
    }

    Roles.Running coordinator(String... extra) {
        String[] args = new String[] {"--zookeeper", zooKeeper.getConnectString(), "--hostname", "127.0.0.1"};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return roles.coordinator(Map.of(), all);
    }

    static Envelope.Builder heartbeatOf(int cluster, int server, int port) {
        return Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setClusterId(cluster).setServerInfo(
                ServerInfo.newBuilder().setServerId(server).setHostname("127.0.0.1").setPort(port).setType(ServerType.SERVER)));
    }

    /** Any answer, an error reply included. */
    private Envelope call(int port, Envelope.Builder request) throws Exception {
        try (RpcConnection connection = rpc.connect("127.0.0.1", port).get(5, TimeUnit.SECONDS)) {
            return connection.call(request).handle((reply, failure) -> {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                if (cause instanceof RemoteErrorException remote) {
                    return Envelope.newBuilder().setError(tinysns.protocol.proto.ErrorReply.newBuilder()
                            .setCode(remote.code()).setMessage(remote.remoteMessage())).build();
                }
                if (cause != null) {
                    throw new IllegalStateException(cause);
                }
                return reply;
            }).get(10, TimeUnit.SECONDS);
        }
    }
}
