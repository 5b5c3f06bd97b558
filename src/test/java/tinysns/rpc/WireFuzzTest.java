package tinysns.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.testing.Failures.failureOf;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.protocol.FrameCodec;
import tinysns.testing.ManualTimer;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.Confirmation;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.Request;
import tinysns.testing.NoLeaks;

/**
 * Hostile bytes through the real server and client pipelines (built by {@link RpcServerInitializer} and
 * {@link RpcClientInitializer}) on embedded channels. For every input, checked against {@link FrameModel}:
 * nothing escapes the pipeline, every good frame reaches the application as the same envelope, every bad
 * connection is closed, a half-sent frame is closed by the partial-frame timeout, and (with {@link NoLeaks})
 * no buffer leaks.
 */
@ExtendWith(NoLeaks.class)
class WireFuzzTest {

    private static final int SERVER_INPUTS = 50_000;
    private static final int CLIENT_INPUTS = 50_000;
    private static final WireLimits SMALL = new WireLimits(16 * 1024);

    @Test
    void theServerPipelineSurvivesFiftyThousandHostileInputsAndDecodesEveryGoodFrameUnchanged() {
        ServerHarness server = new ServerHarness(RpcServerOptions.DEFAULT.withLimits(SMALL));
        survives(server, new FuzzInputs(20_240_601L, SMALL.maxFrameBytes(), false), SERVER_INPUTS, "delivered");
    }

    @Test
    void theClientPipelineSurvivesFiftyThousandHostileInputsAndRoutesEveryGoodFrameUnchanged() {
        ClientHarness client = new ClientHarness(RpcClientOptions.DEFAULT.withLimits(SMALL));
        survives(client, new FuzzInputs(19_700_101L, SMALL.maxFrameBytes(), true), CLIENT_INPUTS, "routed");
    }

    @Test
    void hugeRepeatedFieldsAreDecodedUpToTheDefaultFrameLimitAndRefusedJustOverIt() {
        int limit = WireLimits.DEFAULT_MAX_FRAME_BYTES;
        ServerHarness server = new ServerHarness(RpcServerOptions.DEFAULT);
        ClientHarness client = new ClientHarness(RpcClientOptions.DEFAULT);
        Random random = new Random(5);
        for (boolean listing : new boolean[] {true, false}) {
            Envelope atLimit = FuzzInputs.hugeRepeated(random, limit, listing);
            assertEquals(limit, atLimit.getSerializedSize(), "the test envelope is exactly at the limit");
            Envelope overLimit = FuzzInputs.hugeRepeated(random, limit + 1, listing);
            assertEquals(limit + 1, overLimit.getSerializedSize());
            for (Envelope huge : List.of(atLimit, overLimit, FuzzInputs.hugeRepeated(random, limit - 100, listing))) {
                byte[] frame = FrameCodec.frameBytes(huge);
                FuzzInputs.Case whole = new FuzzInputs.Case("huge " + huge.getBodyCase(), frame, null);
                server.check(whole, random, 0);
                client.check(whole, random, 0);
                FuzzInputs.Case cut = new FuzzInputs.Case("huge, cut", Arrays.copyOf(frame, frame.length / 2), null);
                server.check(cut, random, 0);
                client.check(cut, random, 0);
            }
        }
        assertEquals(4, server.passed, "the two envelopes at the limit and the two under it");
        assertEquals(4, client.passed);
    }

    /** Checks {@code count} inputs; they must have closed many connections and passed many envelopes on. */
    private static void survives(Harness harness, FuzzInputs inputs, int count, String passedOn) {
        for (int i = 0; i < count; i++) {
            harness.check(inputs.next(), inputs.random(), i);
        }
        assertEquals(count, harness.inputsChecked);
        assertTrue(harness.closed > count / 4 && harness.passed > count / 4, "the inputs exercise both sides: "
                + harness.closed + " closed, " + harness.passed + " envelopes " + passedOn);
    }

    // ------------------------------------------------------------------ harnesses

    /** A pipeline under test and what it did with the inputs so far. */
    private abstract static class Harness {
        final ManualTimer timer = new ManualTimer();
        final TailProbe probe = new TailProbe();
        int inputsChecked;
        int closed;
        /** Good envelopes that reached the application: delivered to a handler, or routed to a call or stream. */
        int passed;

        abstract void check(FuzzInputs.Case input, Random random, int index);
    }

    /** Sends the bytes in one to four reads, split at random points, as TCP may deliver them. */
    private static void receive(EmbeddedChannel channel, byte[] bytes, Random random) {
        int pieces = 1 + random.nextInt(4);
        int[] cuts = random.ints(pieces - 1, 0, bytes.length + 1).sorted().toArray();
        int from = 0;
        for (int i = 0; i <= cuts.length && channel.isOpen(); i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            ByteBuf read = channel.alloc().buffer(Math.max(1, to - from)).writeBytes(bytes, from, to - from);
            channel.writeInbound(read); // throws if an exception reached the pipeline's tail
            from = to;
        }
    }

    private static String describe(FuzzInputs.Case input, int index) {
        byte[] head = Arrays.copyOf(input.bytes(), Math.min(48, input.bytes().length));
        return "input #" + index + " (" + input.kind() + ", " + input.bytes().length + " bytes, starting "
                + io.netty.buffer.ByteBufUtil.hexDump(head) + ")";
    }

    private static void assertNothingEscaped(TailProbe probe, EmbeddedChannel channel, String what) {
        assertEquals(List.of(), probe.escapedExceptions, "exceptions got past the error handler: " + what);
        assertEquals(List.of(), probe.unhandledMessages, "messages got past the last handler: " + what);
        assertTrue(channel.inboundMessages().isEmpty(), what);
    }

    /** The server side: every body but ping has a handler that records the request and confirms it. */
    private static final class ServerHarness extends Harness {
        final List<Envelope> handled = new ArrayList<>();
        final RpcServerInitializer initializer;
        final RpcServerOptions options;

        ServerHarness(RpcServerOptions options) {
            this.options = options;
            RequestDispatcher.Builder dispatcher = RequestDispatcher.builder();
            for (BodyCase body : BodyCase.values()) {
                if (body != BodyCase.PING && body != BodyCase.BODY_NOT_SET) {
                    dispatcher.on(body, (request, context) -> {
                        handled.add(request);
                        context.reply(Envelope.newBuilder().setConfirmation(Confirmation.newBuilder().setStatus(true)).build());
                    });
                }
            }
            initializer = new RpcServerInitializer(options, timer, timer::nanoTime,
                    new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), new RpcServerStats(), dispatcher.build());
        }

        @Override
        void check(FuzzInputs.Case input, Random random, int index) {
            String what = describe(input, index);
            FrameModel.Expectation expected = FrameModel.expect(input.bytes(), options.limits().maxFrameBytes());
            if (input.sent() != null) {
                assertEquals(input.sent(), expected.delivered(), "the model reads untouched frames back: " + what);
            }
            handled.clear();
            EmbeddedChannel channel = new EmbeddedChannel(initializer);
            channel.pipeline().addLast("probe", probe);
            try {
                receive(channel, input.bytes(), random);
                List<Envelope> requests = expected.delivered().stream()
                        .filter(e -> e.getBodyCase() != BodyCase.PING).toList();
                assertEquals(requests, handled, "every good frame reaches its handler unchanged: " + what);
                switch (expected.outcome()) {
                    case CLOSED -> assertFalse(channel.isOpen(), "a bad connection is closed: " + what);
                    case OPEN_BETWEEN_FRAMES -> {
                        assertTrue(channel.isOpen(), "a connection of good frames stays open: " + what);
                        assertEquals(ids(expected.delivered()), ids(repliesOf(channel)), "one reply per request, same IDs: " + what);
                        advance(channel, Duration.ofMinutes(10));
                        assertTrue(channel.isOpen(), "a connection quiet between frames is not timed out: " + what);
                    }
                    case OPEN_MID_FRAME -> {
                        assertTrue(channel.isOpen(), "a frame still arriving is waited for: " + what);
                        advance(channel, options.partialFrameTimeout());
                        assertFalse(channel.isOpen(), "a frame left unfinished is timed out: " + what);
                    }
                }
                assertNothingEscaped(probe, channel, what);
                inputsChecked++;
                closed += channel.isOpen() ? 0 : 1;
                passed += expected.delivered().size();
            } finally {
                channel.finishAndReleaseAll();
            }
        }

        private void advance(EmbeddedChannel channel, Duration by) {
            timer.advance(by);
            channel.runPendingTasks();
        }

        private static List<Envelope> repliesOf(EmbeddedChannel channel) {
            List<Envelope> replies = new ArrayList<>();
            for (ByteBuf frame; (frame = channel.readOutbound()) != null; ) {
                try {
                    ByteBuffer bytes = frame.nioBuffer();
                    assertEquals(frame.readableBytes() - 4, bytes.getInt(), "the reply's length prefix");
                    replies.add(Envelope.parseFrom(bytes));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new AssertionError("the server wrote an unparsable reply", e);
                } finally {
                    frame.release();
                }
            }
            return replies;
        }

        private static List<Long> ids(List<Envelope> envelopes) {
            return envelopes.stream().map(Envelope::getMessageId).toList();
        }
    }

    /**
     * The client side: one stream is open (message ID 1, as a timeline), so the first envelope with that ID is its
     * reply and later ones its pushes; envelopes with other IDs are dropped.
     */
    private static final class ClientHarness extends Harness {
        final RpcClientOptions options;

        ClientHarness(RpcClientOptions options) {
            this.options = options;
        }

        @Override
        void check(FuzzInputs.Case input, Random random, int index) {
            String what = describe(input, index);
            FrameModel.Expectation expected = FrameModel.expect(input.bytes(), options.limits().maxFrameBytes());
            RpcConnection.ReplyRouter router = new RpcConnection.ReplyRouter();
            EmbeddedChannel channel = new EmbeddedChannel(new RpcClientInitializer(options, router));
            channel.pipeline().addLast("probe", probe);
            RpcConnection connection = new RpcConnection(channel, timer, options.requestTimeout().toMillis());
            router.attach(connection);
            try {
                List<Envelope> pushes = new ArrayList<>();
                CompletableFuture<Envelope> opened = connection.openStream(
                        Envelope.newBuilder().setTimeline(Request.newBuilder().setUsername("1")), pushes::add);
                ((ByteBuf) channel.readOutbound()).release(); // the timeline request itself

                receive(channel, input.bytes(), random);

                List<Envelope> forStream = expected.delivered().stream().filter(e -> e.getMessageId() == 1).toList();
                if (forStream.isEmpty()) {
                    assertEquals(expected.outcome() == FrameModel.Outcome.CLOSED, opened.isDone(), what);
                    if (opened.isDone()) {
                        assertInstanceOf(ConnectionClosedException.class, failureOf(opened), what);
                    }
                } else if (forStream.get(0).getBodyCase() == BodyCase.ERROR) {
                    RemoteErrorException error = assertInstanceOf(RemoteErrorException.class, failureOf(opened), what);
                    assertEquals(forStream.get(0).getError().getCode(), error.code(), what);
                    assertEquals(forStream.get(0).getError().getMessage(), error.remoteMessage(), what);
                    assertEquals(List.of(), pushes, "a stream refused by an error gets no pushes: " + what);
                } else {
                    assertEquals(forStream.get(0), opened.join(), "the reply arrives unchanged: " + what);
                    assertEquals(forStream.subList(1, forStream.size()), pushes, "pushes arrive unchanged, in order: " + what);
                }
                assertEquals(expected.outcome() != FrameModel.Outcome.CLOSED, channel.isOpen(),
                        "bad input closes the connection, and only bad input does: " + what);
                assertNothingEscaped(probe, channel, what);
                inputsChecked++;
                closed += channel.isOpen() ? 0 : 1;
                passed += forStream.size();
            } finally {
                channel.finishAndReleaseAll();
            }
        }
    }
}
