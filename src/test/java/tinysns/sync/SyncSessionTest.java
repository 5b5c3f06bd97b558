package tinysns.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.netty.util.HashedWheelTimer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Request;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;
import tinysns.server.SnsServer;
import tinysns.server.SnsServerOptions;
import tinysns.testing.ClassBroker;

/**
 * The RabbitMQ layer against a real broker: two clusters' servers, each with a session beside it, exchange users,
 * follows and posts; a redelivered change changes nothing; a foreign message is dead-lettered without blocking the
 * queue; after a broker restart, publishing resumes and every post arrives once, in order.
 */
class SyncSessionTest {

    private static final Duration PATIENT = Duration.ofSeconds(60);

    /** One broker for the class; each test starts from empty queues. */
    @RegisterExtension
    static final ClassBroker BROKER = new ClassBroker();

    @TempDir
    Path dir;

    private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Throwable> ended = new CopyOnWriteArrayList<>();
    private final ConnectionFactory factory = new ConnectionFactory();
    private RpcClient rpc;
    private SnsServer one;
    private SnsServer two;

    @BeforeEach
    void start() throws Exception {
        factory.setUri(BROKER.broker().uri());
        factory.setAutomaticRecoveryEnabled(false);
        rpc = new RpcClient(timer, RpcClientOptions.DEFAULT.withoutKeepAlive().withRequestTimeout(PATIENT));
        one = SnsServer.start(SnsServerOptions.forTests(dir.resolve("c1")));
        two = SnsServer.start(SnsServerOptions.forTests(dir.resolve("c2")));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            AutoCloseable closing = open.get(i);
            if (closing instanceof SyncSession session) {
                executor.submit(session::close).get();
            } else {
                closing.close();
            }
        }
        executor.shutdownNow();
        one.close();
        two.close();
        rpc.close();
        timer.stop();
    }

    @Test
    void usersFollowsAndPostsCrossClustersInOrderAndARedeliveryChangesNothing() throws Exception {
        session(1, one);
        session(2, two);
        RpcConnection alice = loggedIn(one, 1);
        RpcConnection bob = loggedIn(two, 2);
        await().atMost(PATIENT).until(() -> allUsers(alice).equals(List.of("1", "2")) && allUsers(bob).equals(List.of("1", "2")));
        call(alice, Envelope.newBuilder().setFollow(Request.newBuilder().addArguments("2")));
        await().atMost(PATIENT).until(() -> followers(bob).equals(List.of("1")));
        List<String> timeline = openTimeline(alice);
        for (int i = 1; i <= 30; i++) {
            post(bob, "post " + i);
        }
        await().atMost(PATIENT).until(() -> timeline.size() >= 30);
        assertEquals(expectedPosts(1, 30), timeline);

        // The same change once more (as the broker would redeliver it): applied nowhere twice.
        Change again = Change.newBuilder().setOriginCluster(2).setOriginSeq(4).setTimestampMillis(System.currentTimeMillis())
                .setPost(Message.newBuilder().setUsername("2").setMsg("post 1")).build();
        publishRaw(SyncTopology.routingKey(2), ChangeMessages.properties(List.of(again), 3),
                ChangeMessages.body(List.of(again)));
        post(bob, "post 31");
        await().atMost(PATIENT).until(() -> timeline.size() >= 31);
        assertEquals(expectedPosts(1, 31), timeline);
    }

    @Test
    void aForeignMessageIsDeadLetteredAndTheQueueMovesOn() throws Exception {
        Followed followed = aliceOfClusterOneFollowsBobOfClusterTwo();
        RpcConnection bob = followed.bob();
        List<String> timeline = followed.aliceTimeline();
        publishRaw(SyncTopology.routingKey(2), ChangeMessages.properties(List.of(Change.getDefaultInstance()), 0),
                "not a change at all".getBytes(StandardCharsets.UTF_8));
        publishRaw(SyncTopology.routingKey(2), new AMQP.BasicProperties.Builder().contentType("text/plain").build(),
                "hello".getBytes(StandardCharsets.UTF_8));
        post(bob, "post 1");
        await().atMost(PATIENT).until(() -> timeline.size() >= 1);
        assertEquals(List.of("2: post 1"), timeline);
        await().atMost(PATIENT).until(() -> messagesIn(SyncTopology.DEAD) == 2);
    }

    @Test
    void aChangeThatArrivesBeforeItsPredecessorWaitsForIt() throws Exception {
        session(1, one);
        RpcConnection alice = loggedIn(one, 1);
        publish(Change.newBuilder().setOriginCluster(3).setOriginSeq(1).setUserAdded(3).build(), 0);
        await().atMost(PATIENT).until(() -> allUsers(alice).equals(List.of("1", "3")));
        call(alice, Envelope.newBuilder().setFollow(Request.newBuilder().addArguments("3")));
        List<String> timeline = openTimeline(alice);
        publish(post(3, 5, "b"), 2); // numbers need not be consecutive: 5 follows 2
        publish(post(3, 2, "a"), 1);
        await().atMost(PATIENT).until(() -> timeline.size() >= 2);
        assertEquals(List.of("3: a", "3: b"), timeline);
    }

    @Test
    void afterABrokerRestartPublishingResumesAndEveryPostArrivesOnceInOrder() throws Exception {
        Followed followed = aliceOfClusterOneFollowsBobOfClusterTwo();
        RpcConnection bob = followed.bob();
        List<String> timeline = followed.aliceTimeline();
        for (int i = 1; i <= 10; i++) {
            post(bob, "post " + i);
        }
        BROKER.broker().restart();
        await().atMost(PATIENT).until(() -> ended.size() == 2);
        for (int i = 11; i <= 20; i++) {
            post(bob, "post " + i); // while no session runs: kept in cluster 2's change log
        }
        session(1, one);
        session(2, two);
        await().atMost(PATIENT).until(() -> timeline.size() >= 20);
        post(bob, "post 21");
        await().atMost(PATIENT).until(() -> timeline.size() >= 21);
        assertEquals(expectedPosts(1, 21), timeline);
    }

    /** Bob, and Alice's open timeline. */
    private record Followed(RpcConnection bob, List<String> aliceTimeline) {
    }

    /** Both clusters synchronizing; Alice (1, cluster 1) follows Bob (2, cluster 2) and opens her timeline. */
    private Followed aliceOfClusterOneFollowsBobOfClusterTwo() throws Exception {
        session(1, one);
        session(2, two);
        RpcConnection alice = loggedIn(one, 1);
        RpcConnection bob = loggedIn(two, 2);
        await().atMost(PATIENT).until(() -> allUsers(alice).size() == 2);
        call(alice, Envelope.newBuilder().setFollow(Request.newBuilder().addArguments("2")));
        return new Followed(bob, openTimeline(alice));
    }

    private static Change post(int origin, long seq, String text) {
        return Change.newBuilder().setOriginCluster(origin).setOriginSeq(seq).setTimestampMillis(System.currentTimeMillis())
                .setPost(Message.newBuilder().setUsername(Integer.toString(origin)).setMsg(text)).build();
    }

    private void publish(Change change, long previous) throws Exception {
        publishRaw(SyncTopology.routingKey(change.getOriginCluster()), ChangeMessages.properties(List.of(change), previous),
                ChangeMessages.body(List.of(change)));
    }

    private void session(int cluster, SnsServer server) throws Exception {
        RpcConnection connection = rpc.connect("127.0.0.1", server.port()).join();
        ServerLink link = new ServerLink(connection, "127.0.0.1:" + server.port(), ByteString.EMPTY);
        SyncSession session = executor.submit(() -> SyncSession.open(factory, new SyncTopology(3), cluster, link,
                executor, ended::add)).get();
        open.add(session);
    }

    private static List<String> expectedPosts(int from, int to) {
        List<String> posts = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            posts.add("2: post " + i);
        }
        return posts;
    }

    private RpcConnection loggedIn(SnsServer server, int user) {
        RpcConnection connection = rpc.connect("127.0.0.1", server.port()).join();
        open.add(connection);
        call(connection, Envelope.newBuilder().setLogin(Request.newBuilder().setUsername(Integer.toString(user))));
        return connection;
    }

    private static Envelope call(RpcConnection connection, Envelope.Builder request) {
        return connection.call(request).join();
    }

    private static void post(RpcConnection connection, String text) {
        call(connection, Envelope.newBuilder().setPost(Message.newBuilder().setMsg(text)));
    }

    private static List<String> allUsers(RpcConnection connection) {
        return call(connection, Envelope.newBuilder().setList(Request.getDefaultInstance())).getListReply().getAllUsersList();
    }

    private static List<String> followers(RpcConnection connection) {
        return call(connection, Envelope.newBuilder().setList(Request.getDefaultInstance())).getListReply().getFollowersList();
    }

    private static List<String> openTimeline(RpcConnection connection) {
        List<String> shown = new CopyOnWriteArrayList<>();
        connection.openStream(Envelope.newBuilder().setTimeline(Request.getDefaultInstance()),
                push -> shown.add(push.getTimelinePost().getUsername() + ": " + push.getTimelinePost().getMsg())).join();
        return shown;
    }

    private void publishRaw(String routingKey, AMQP.BasicProperties properties, byte[] body) throws Exception {
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish(SyncTopology.CHANGES, routingKey, properties, body);
            channel.waitForConfirmsOrDie(10_000);
        }
    }

    private long messagesIn(String queue) throws Exception {
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            return channel.messageCount(queue);
        }
    }
}
