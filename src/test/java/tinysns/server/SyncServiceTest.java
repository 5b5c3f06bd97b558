package tinysns.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.testing.PatientRpc.PATIENT;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tinysns.auth.SharedSecret;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Relation;
import tinysns.protocol.proto.SyncApply;
import tinysns.protocol.proto.SyncSubscribe;
import tinysns.rpc.RemoteErrorException;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcConnection;
import tinysns.testing.PatientRpc;

/** What a server does for the synchronizer beside it (docs/SYNCHRONIZERS.md), through real connections. */
class SyncServiceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final List<AutoCloseable> open = new ArrayList<>();
    @RegisterExtension
    final PatientRpc rpc = new PatientRpc();
    private final RpcClient client = rpc.client();
    private SnsServer server;

    @BeforeEach
    void start() throws Exception {
        server = SnsServer.start(SnsServerOptions.forTests(dir).withClock(clock));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        server.close();
    }

    @Test
    void theServersOwnChangesStreamInOrderFromAnyNumberAndLiveAsTheyHappen() {
        SnsConnection one = user(1);
        user(4);
        one.follow(4).join();
        one.post("first").join();
        List<Change> all = new CopyOnWriteArrayList<>();
        RpcConnection sync = connect();
        Envelope opened = sync.openStream(Envelope.newBuilder().setSyncSubscribe(SyncSubscribe.newBuilder().setFromSeq(1)),
                push -> all.addAll(push.getSyncChanges().getChangesList())).join();
        assertEquals(4, opened.getSyncSubscribed().getLastSeq());
        await().atMost(PATIENT).until(() -> all.size() == 4);
        assertEquals(1, all.get(0).getUserAdded());
        assertEquals(4, all.get(1).getUserAdded());
        assertEquals(Relation.newBuilder().setFollower(1).setFollowee(4).build(), all.get(2).getFollow());
        assertEquals("first", all.get(3).getPost().getMsg());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).getOriginSeq());
        }
        one.post("second").join();
        await().atMost(PATIENT).until(() -> all.size() == 5);
        assertEquals("second", all.get(4).getPost().getMsg());

        List<Change> fromThree = new CopyOnWriteArrayList<>();
        connect().openStream(Envelope.newBuilder().setSyncSubscribe(SyncSubscribe.newBuilder().setFromSeq(3)),
                push -> fromThree.addAll(push.getSyncChanges().getChangesList())).join();
        await().atMost(PATIENT).until(() -> fromThree.size() == 3);
        assertEquals(3, fromThree.get(0).getOriginSeq());
    }

    @Test
    void otherClustersChangesAreAppliedOnceAreOnTimelinesAndSurviveARestart() throws Exception {
        SnsConnection one = user(1);
        RpcConnection sync = connect();
        apply(sync, userAdded(2, 1, 2));
        one.follow(2).join();
        List<Message> live = new CopyOnWriteArrayList<>();
        one.timeline(push -> live.add(push.getTimelinePost())).join();
        clock.advance(Duration.ofSeconds(5));
        Change post = post(2, 2, 2, "hello from cluster 2");
        Envelope applied = apply(sync, post, follow(2, 3, 2, 1));
        assertEquals(3, applied.getSyncApplied().getApplied(0).getSeq());
        await().atMost(PATIENT).until(() -> live.size() == 1);
        assertEquals("hello from cluster 2", live.get(0).getMsg());

        apply(sync, post, userAdded(2, 1, 2)); // a redelivery
        Envelope list = one.list().join();
        assertEquals(List.of("1", "2"), list.getListReply().getAllUsersList());
        assertEquals(List.of("2"), list.getListReply().getFollowersList());
        assertEquals(1, Files.readString(dir.resolve(SnsFiles.POSTS)).split("W hello from cluster 2", -1).length - 1);

        server.close();
        server = SnsServer.start(SnsServerOptions.forTests(dir).withClock(clock));
        RpcConnection again = connect();
        apply(again, post);
        assertEquals(1, Files.readString(dir.resolve(SnsFiles.POSTS)).split("W hello from cluster 2", -1).length - 1);
        List<Change> local = new CopyOnWriteArrayList<>();
        again.openStream(Envelope.newBuilder().setSyncSubscribe(SyncSubscribe.newBuilder().setFromSeq(1)),
                push -> local.addAll(push.getSyncChanges().getChangesList())).join();
        // Only this server's own changes go out: user 1 and its follow of 2, never what came from cluster 2.
        await().atMost(PATIENT).until(() -> local.size() == 2);
        assertTrue(local.stream().noneMatch(Change::hasPost));
    }

    @Test
    void aServerStartedWithTheSecretTakesChangesOnlyFromASynchronizerThatHasIt() throws Exception {
        server.close();
        server = SnsServer.start(SnsServerOptions.forTests(dir).withClock(clock).withPeerSecret(SharedSecret.of("s3cret")));
        SnsConnection one = user(1);
        RpcConnection intruder = connect();
        for (ByteString presented : List.of(ByteString.EMPTY, ByteString.copyFromUtf8("guess"))) {
            RemoteErrorException refused = assertInstanceOf(RemoteErrorException.class, assertThrows(CompletionException.class,
                    () -> intruder.call(Envelope.newBuilder().setSyncApply(SyncApply.newBuilder()
                            .addChanges(userAdded(2, 1, 2)).setSecret(presented))).join()).getCause());
            assertEquals(ErrorCode.UNAUTHENTICATED, refused.code());
            assertInstanceOf(RemoteErrorException.class, assertThrows(CompletionException.class,
                    () -> intruder.openStream(Envelope.newBuilder().setSyncSubscribe(SyncSubscribe.newBuilder()
                            .setFromSeq(1).setSecret(presented)), push -> { }).join()).getCause());
        }
        assertEquals(List.of("1"), one.list().join().getListReply().getAllUsersList());

        connect().call(Envelope.newBuilder().setSyncApply(SyncApply.newBuilder().addChanges(userAdded(2, 1, 2))
                .setSecret(ByteString.copyFromUtf8("s3cret")))).join();
        assertEquals(List.of("1", "2"), one.list().join().getListReply().getAllUsersList());
    }

    private Envelope apply(RpcConnection sync, Change... changes) {
        return sync.call(Envelope.newBuilder().setSyncApply(SyncApply.newBuilder().addAllChanges(List.of(changes)))).join();
    }

    private static Change userAdded(int origin, long seq, int user) {
        return Change.newBuilder().setOriginCluster(origin).setOriginSeq(seq).setUserAdded(user).build();
    }

    private Change post(int origin, long seq, int author, String text) {
        return Change.newBuilder().setOriginCluster(origin).setOriginSeq(seq).setTimestampMillis(clock.millis())
                .setPost(Message.newBuilder().setUsername(Integer.toString(author)).setMsg(text)).build();
    }

    private static Change follow(int origin, long seq, int follower, int followee) {
        return Change.newBuilder().setOriginCluster(origin).setOriginSeq(seq)
                .setFollow(Relation.newBuilder().setFollower(follower).setFollowee(followee)).build();
    }

    private SnsConnection user(int id) {
        SnsConnection connection = SnsConnection.loggedIn(client, server.port(), id);
        open.add(connection);
        return connection;
    }

    private RpcConnection connect() {
        RpcConnection connection = client.connect("127.0.0.1", server.port()).join();
        open.add(connection);
        return connection;
    }
}
