package tinysns.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.protocol.EncodedBody;
import tinysns.protocol.proto.Confirmation;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ID;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Ping;
import tinysns.testing.NoLeaks;

@ExtendWith(NoLeaks.class)
class InFlightLimiterTest {

    private final List<RequestContext> held = new ArrayList<>();
    private final EmbeddedServer server = new EmbeddedServer(RpcServerOptions.DEFAULT.withMaxInFlight(4, 2),
            RequestDispatcher.builder().on(BodyCase.GET_SERVER, (request, context) -> held.add(context)).build());

    @AfterEach
    void close() {
        server.close();
    }

    private static Envelope getServer(int id) {
        return Envelope.newBuilder().setMessageId(id).setGetServer(ID.newBuilder().setId(id)).build();
    }

    private static Envelope confirmation() {
        return Envelope.newBuilder().setConfirmation(Confirmation.newBuilder().setStatus(true)).build();
    }

    private boolean reading() {
        return server.channel.config().isAutoRead();
    }

    @Test
    void atFourUnansweredRequestsTheConnectionIsNoLongerReadAndReadingResumesAtTwo() {
        server.receive(getServer(1), getServer(2), getServer(3), getServer(4), getServer(5), getServer(6));
        assertEquals(4, held.size(), "only four requests reach the handler");
        assertFalse(reading());
        assertEquals(1, server.stats.readingPaused());

        held.get(0).reply(confirmation());
        server.channel.runPendingTasks();
        assertEquals(5, held.size(), "a request already read is handed on as soon as there is room");
        assertFalse(reading(), "still four in flight");

        held.get(1).reply(confirmation());
        held.get(2).reply(confirmation());
        server.channel.runPendingTasks();
        assertEquals(6, held.size());
        assertFalse(reading(), "three in flight is above the low-water mark of two");

        held.get(3).reply(confirmation());
        server.channel.runPendingTasks();
        assertTrue(reading(), "reading resumes at two in flight");
        assertEquals(1, server.stats.readingResumed());
        assertEquals(List.of(1L, 2L, 3L, 4L), server.sent().stream().map(Envelope::getMessageId).toList());
    }

    @Test
    void pushesDoNotCountAsAnswersAndASecondReplyIsRefusedAndNotCountedTwice() {
        server.receive(getServer(1), getServer(2), getServer(3), getServer(4));
        assertFalse(reading());
        for (RequestContext context : held) {
            for (int i = 0; i < 10; i++) {
                context.push(Envelope.newBuilder().setTimelinePost(Message.newBuilder().setMsg("push " + i)).build());
                assertTrue(context.pushIfWritable(EncodedBody.of(Envelope.newBuilder().setTimelinePost(Message.newBuilder().setMsg("more")).build())));
            }
        }
        server.channel.runPendingTasks();
        assertFalse(reading(), "eighty pushes went out, yet all four requests are still unanswered");

        assertTrue(held.get(0).reply(confirmation()).isSuccess());
        assertFalse(held.get(0).reply(confirmation()).isSuccess(), "a request is answered once");
        assertFalse(held.get(0).replyError(tinysns.protocol.proto.ErrorCode.INTERNAL, "again").isSuccess());
        server.channel.runPendingTasks();
        assertFalse(reading(), "the refused replies did not count: three are still in flight");
        assertEquals(80 + 1, server.sent().size());
    }

    @Test
    void keepAlivePingsAreAnsweredEvenAtTheLimitAndDoNotCount() {
        Envelope ping = Envelope.newBuilder().setPing(Ping.getDefaultInstance()).build();
        server.receive(getServer(1), getServer(2), getServer(3), ping, getServer(4), ping, getServer(5));
        assertEquals(4, held.size());
        assertEquals(List.of(BodyCase.PONG, BodyCase.PONG), server.sent().stream().map(Envelope::getBodyCase).toList());
    }
}
