package tinysns.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.Confirmation;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ListReply;
import tinysns.protocol.proto.Request;
import tinysns.testing.NoLeaks;

@ExtendWith(NoLeaks.class)
class RequestContextTest {

    /** One answer shared by every request: replying must not change it. */
    private static final Envelope CONFIRMED = Envelope.newBuilder()
            .setConfirmation(Confirmation.newBuilder().setStatus(true)).build();

    private static final WireLimits LIMITS = new WireLimits(1024);

    private final EmbeddedServer server = new EmbeddedServer(RpcServerOptions.DEFAULT.withLimits(LIMITS),
            RequestDispatcher.builder()
                    .on(BodyCase.FOLLOW, (request, context) -> {
                            context.reply(CONFIRMED);
                        throw new IllegalStateException("a bug after the reply");
                    })
                    .on(BodyCase.LIST, (request, context) -> {
                        ListReply.Builder everyone = ListReply.newBuilder();
                        for (int i = 0; i < 500; i++) {
                            everyone.addAllUsers(Integer.toString(i));
                        }
                        context.reply(Envelope.newBuilder().setListReply(everyone).build());
                    })
                    .build());

    private static Envelope request(long id, BodyCase body) {
        Envelope.Builder builder = Envelope.newBuilder().setMessageId(id);
        return (body == BodyCase.FOLLOW ? builder.setFollow(Request.getDefaultInstance())
                : builder.setList(Request.getDefaultInstance())).build();
    }

    @Test
    void aHandlerThatFailsAfterReplyingSendsItsReplyAndNoSecondInternalError() {
        server.receive(request(5, BodyCase.FOLLOW));
        List<Envelope> sent = server.sent();
        assertEquals(1, sent.size(), "one answer per request: " + sent);
        assertEquals(BodyCase.CONFIRMATION, sent.get(0).getBodyCase());
        assertTrue(server.channel.isOpen());
        server.close();
    }

    @Test
    void aReplyOverTheFrameLimitBecomesATooLargeErrorInsteadOfSilence() {
        server.receive(request(9, BodyCase.LIST));
        List<Envelope> sent = server.sent();
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(9, sent.get(0).getMessageId());
        assertEquals(ErrorCode.TOO_LARGE, sent.get(0).getError().getCode());
        assertTrue(sent.get(0).getError().getMessage().contains("1024-byte frame limit"), sent.get(0).getError().getMessage());
        assertTrue(server.channel.isOpen(), "the connection stays usable");
        assertTrue(server.channel.config().isAutoRead(), "the failed reply counted as answered");
        server.close();
    }

    @Test
    void oneSharedAnswerGoesToEachRequestUnderItsOwnIdAndStaysAsItWas() {
        server.receive(request(5, BodyCase.FOLLOW), request(6, BodyCase.FOLLOW));
        List<Envelope> sent = server.sent();
        assertEquals(List.of(5L, 6L), sent.stream().map(Envelope::getMessageId).toList());
        assertEquals(0, CONFIRMED.getMessageId(), "the caller's message is not stamped with an ID");
        server.close();
    }

    @Test
    void aConnectionNoRpcServerSetUpHasNoStatsAndSaysSo() {
        EmbeddedChannel bare = new EmbeddedChannel();
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> RpcServerStats.of(bare));
        assertTrue(missing.getMessage().contains("not set up by an RpcServerInitializer"), missing.getMessage());
        bare.finishAndReleaseAll();
        server.close();
    }
}
