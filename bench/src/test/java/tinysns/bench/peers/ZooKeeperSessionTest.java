package tinysns.bench.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.InputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.proto.ConnectRequest;
import org.apache.zookeeper.proto.ConnectResponse;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateResponse;
import org.apache.zookeeper.proto.ExistsRequest;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One simulated server's session against a scripted ZooKeeper server, on an in-memory channel with time driven by hand. */
class ZooKeeperSessionTest {

    private static final int SERVER = 7;
    private static final String PATH = "/tinysns/c2/s0000007";
    private static final byte[] DATA = "10.0.0.7:10007".getBytes(StandardCharsets.UTF_8);
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final long PING_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS) / 3;

    private final List<String> failures = new ArrayList<>();
    private final ZooKeeperSession session =
            new ZooKeeperSession(SERVER, PATH, DATA, TIMEOUT_MILLIS, (server, why) -> failures.add(server + ": " + why));
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel ch) {
            JuteFrames.install(ch.pipeline());
            ch.pipeline().addLast(session);
        }
    });
    private long zxid = 100;

    @BeforeEach
    void freezeTime() {
        channel.freezeTime();
    }

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    @Test
    void handshakeAsksForTenSecondsWithNoSessionThenCreatesTheServersEphemeralZnode() throws Exception {
        InputArchive connect = nextSent();
        ConnectRequest request = JuteFrames.read(connect, new ConnectRequest());
        assertEquals(0, request.getProtocolVersion());
        assertEquals(0, request.getLastZxidSeen());
        assertEquals(TIMEOUT_MILLIS, request.getTimeOut());
        assertEquals(0, request.getSessionId());
        assertArrayEquals(new byte[16], request.getPasswd());
        assertFalse(request.getReadOnly());

        reply(new ConnectResponse(0, TIMEOUT_MILLIS, 0x1234L, new byte[16], false));

        InputArchive create = nextSent();
        RequestHeader header = JuteFrames.read(create, new RequestHeader());
        CreateRequest body = JuteFrames.read(create, new CreateRequest());
        assertEquals(ZooDefs.OpCode.create, header.getType());
        assertTrue(header.getXid() > 0);
        assertEquals(PATH, body.getPath());
        assertArrayEquals(DATA, body.getData());
        assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, body.getAcl());
        assertEquals(CreateMode.EPHEMERAL.toFlag(), body.getFlags());
        assertFalse(session.registered().isDone());

        reply(new ReplyHeader(header.getXid(), zxid++, 0), new CreateResponse(PATH));

        session.registered().get(1, TimeUnit.SECONDS);
        assertTrue(failures.isEmpty());
    }

    @Test
    void aSessionGrantedAnyOtherTimeoutFailsRegistrationLoudly() {
        nextSent();

        reply(new ConnectResponse(0, 4_000, 0x1234L, new byte[16], false));

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> session.registered().get(1, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().contains("4000 ms"), failure.getCause().getMessage());
        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound(), "no create after a refused timeout");
    }

    @Test
    void aRefusedCreateFailsRegistration() {
        int xid = connect();

        reply(new ReplyHeader(xid, zxid++, KeeperException.Code.NODEEXISTS.intValue()));

        ExecutionException failure = assertThrows(ExecutionException.class,
                () -> session.registered().get(1, TimeUnit.SECONDS));
        assertTrue(failure.getCause() instanceof KeeperException.NodeExistsException, failure.getCause().toString());
        assertFalse(channel.isOpen());
    }

    @Test
    void pingsAfterAThirdOfTheTimeoutWithNothingSent() {
        register();

        // The first ping comes somewhere within one period (a random start), the next a period after it.
        advance(PING_AFTER_NANOS);
        answerPing();
        advance(PING_AFTER_NANOS - 1_000_000);
        assertNull(channel.readOutbound(), "no ping before a third of the timeout has passed idle");
        advance(1_000_000);
        answerPing();
        advance(PING_AFTER_NANOS);
        answerPing();

        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void anUnansweredPingCountsAsAKeepAliveFailure() {
        register();
        advance(PING_AFTER_NANOS);
        assertPing(nextSent());

        advance(PING_AFTER_NANOS);

        assertPing(nextSent());
        assertEquals(List.of(SERVER + ": ping unanswered for 3333 ms"), failures);
    }

    @Test
    void aConnectionLostWhileKeptAliveCountsAsAKeepAliveFailure() {
        register();

        channel.close();

        assertEquals(1, failures.size());
        assertTrue(failures.get(0).contains("connection closed while kept alive"), failures.toString());
    }

    @Test
    void stoppingSendsOneLastExistsThenClosesWithoutClosingTheSession() throws Exception {
        register();
        DeathLog deaths = new DeathLog(SERVER + 1);

        CompletableFuture<Void> answered = session.stop(deaths);
        channel.runPendingTasks();

        InputArchive last = nextSent();
        RequestHeader header = JuteFrames.read(last, new RequestHeader());
        ExistsRequest exists = JuteFrames.read(last, new ExistsRequest());
        assertEquals(ZooDefs.OpCode.exists, header.getType());
        assertTrue(header.getXid() > 0);
        assertEquals("/", exists.getPath());
        assertFalse(exists.getWatch());
        assertTrue(channel.isOpen(), "the socket stays open until the last keep-alive is answered");
        assertFalse(answered.isDone());

        reply(new ReplyHeader(header.getXid(), zxid++, 0));

        answered.get(1, TimeUnit.SECONDS);
        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound(), "closed as a crash: no CloseSession");
        deaths.gone(SERVER, System.nanoTime());
        assertEquals(0, deaths.falseDeaths(), "its death was announced as a stop before the last keep-alive");
        assertEquals(0, deaths.lateness(new int[] {SERVER}, 1).unacknowledged(), "the answer was noted");
        advance(4 * PING_AFTER_NANOS);
        assertNull(channel.readOutbound(), "no pings after a crash");
        assertTrue(failures.isEmpty(), failures.toString());
    }

    /** Answers the handshake; returns the xid of the create it brings. */
    private int connect() {
        nextSent();
        reply(new ConnectResponse(0, TIMEOUT_MILLIS, 0x1234L, new byte[16], false));
        return JuteFrames.read(nextSent(), new RequestHeader()).getXid();
    }

    private void register() {
        int xid = connect();
        reply(new ReplyHeader(xid, zxid++, 0), new CreateResponse(PATH));
        assertTrue(session.registered().isDone());
    }

    private void answerPing() {
        assertPing(nextSent());
        reply(new ReplyHeader(-2, zxid, 0));
    }

    private static void assertPing(InputArchive sent) {
        RequestHeader header = JuteFrames.read(sent, new RequestHeader());
        assertEquals(-2, header.getXid());
        assertEquals(ZooDefs.OpCode.ping, header.getType());
    }

    private void advance(long nanos) {
        channel.advanceTimeBy(nanos, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }

    /** The next packet the session sent, its length checked and stripped. */
    private InputArchive nextSent() {
        ByteBuf frame = channel.readOutbound();
        assertNotNull(frame, "the session sent nothing");
        try {
            assertEquals(frame.readableBytes() - Integer.BYTES, frame.readInt());
            return BinaryInputArchive.getArchive(new ByteArrayInputStream(ByteBufUtil.getBytes(frame)));
        } finally {
            frame.release();
        }
    }

    private void reply(Record... records) {
        channel.writeInbound(JuteFrames.encode(UnpooledByteBufAllocator.DEFAULT, records));
    }
}
