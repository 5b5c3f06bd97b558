package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
