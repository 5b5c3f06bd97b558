package tinysns.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.Message;

/** What a synchronizer applies and what it sets aside (dead-letters), without a broker. */
class ChangeMessagesTest {

    private static final Change POST = Change.newBuilder().setOriginCluster(2).setOriginSeq(17).setTimestampMillis(1000)
            .setPost(Message.newBuilder().setUsername("2").setMsg("hello")).build();

    @Test
    void aChangeOfAnotherClusterIsAppliedWithItsPredecessorsNumber() {
        ChangeMessages.Decoded decoded = decode(1, "from.c2", ChangeMessages.properties(List.of(POST), 12), ChangeMessages.body(List.of(POST)));
        assertNull(decoded.rejection());
        assertEquals(List.of(POST), decoded.changes());
        assertEquals(12, decoded.previous());
    }

    @Test
    void oneCommitsChangesTravelAsOneMessageNamedByTheirFirstAndLastNumbers() {
        Change next = POST.toBuilder().setOriginSeq(20).build();
        AMQP.BasicProperties properties = ChangeMessages.properties(List.of(POST, next), 12);
        assertEquals("2/17-20", properties.getMessageId());
        ChangeMessages.Decoded decoded = decode(1, "from.c2", properties, ChangeMessages.body(List.of(POST, next)));
        assertNull(decoded.rejection());
        assertEquals(List.of(POST, next), decoded.changes());
        assertEquals(12, decoded.previous());
    }

    @Test
    void foreignMalformedMisroutedOwnAndInvalidMessagesAreSetAside() {
        assertRejected(decode(1, "from.c2", new AMQP.BasicProperties.Builder().contentType("text/plain").build(),
                "hello".getBytes(StandardCharsets.UTF_8)), "not a tinysns change");
        assertRejected(decode(1, "from.c2", ChangeMessages.properties(List.of(POST), 12), new byte[] {(byte) 0xff, 1, 2}),
                "does not parse");
        assertRejected(decode(1, "from.c2", ChangeMessages.properties(List.of(POST), 12), new byte[0]), "no change");
        Change earlier = POST.toBuilder().setOriginSeq(15).build();
        assertRejected(decode(1, "from.c2", ChangeMessages.properties(List.of(POST, earlier), 12),
                ChangeMessages.body(List.of(POST, earlier))), "out of number order");
        assertRejected(decode(1, "from.c3", ChangeMessages.properties(List.of(POST), 12), ChangeMessages.body(List.of(POST))), "routed as");
        assertRejected(decode(2, "from.c2", ChangeMessages.properties(List.of(POST), 12), ChangeMessages.body(List.of(POST))), "own change");
        Change twoLines = POST.toBuilder().setPost(Message.newBuilder().setUsername("2").setMsg("a\nb")).build();
        assertRejected(decode(1, "from.c2", ChangeMessages.properties(List.of(twoLines), 12), ChangeMessages.body(List.of(twoLines))), "one line");
        AMQP.BasicProperties noPrevious = ChangeMessages.properties(List.of(POST), 12).builder().headers(Map.of()).build();
        assertRejected(decode(1, "from.c2", noPrevious, ChangeMessages.body(List.of(POST))), "tinysns-previous");
        assertRejected(decode(1, "from.c2", ChangeMessages.properties(List.of(POST), 17), ChangeMessages.body(List.of(POST))), "tinysns-previous");
    }

    private static ChangeMessages.Decoded decode(int ownCluster, String routingKey, AMQP.BasicProperties properties,
                                                 byte[] body) {
        return ChangeMessages.decode(ownCluster, new Envelope(1, false, SyncTopology.CHANGES, routingKey), properties, body);
    }

    private static void assertRejected(ChangeMessages.Decoded decoded, String why) {
        assertNull(decoded.changes());
        assertNotNull(decoded.rejection());
        assertTrue(decoded.rejection().contains(why), decoded.rejection());
    }
}
