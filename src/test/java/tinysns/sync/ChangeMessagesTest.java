package tinysns.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import java.nio.charset.StandardCharsets;
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
        ChangeMessages.Decoded decoded = decode(1, "from.c2", ChangeMessages.properties(POST, 12), POST.toByteArray());
        assertNull(decoded.rejection());
        assertEquals(POST, decoded.change());
        assertEquals(12, decoded.previous());
    }

    @Test
    void foreignMalformedMisroutedOwnAndInvalidMessagesAreSetAside() {
        assertRejected(decode(1, "from.c2", new AMQP.BasicProperties.Builder().contentType("text/plain").build(),
                "hello".getBytes(StandardCharsets.UTF_8)), "not a tinysns change");
        assertRejected(decode(1, "from.c2", ChangeMessages.properties(POST, 12), new byte[] {(byte) 0xff, 1, 2}),
                "does not parse");
        assertRejected(decode(1, "from.c3", ChangeMessages.properties(POST, 12), POST.toByteArray()), "routed as");
        assertRejected(decode(2, "from.c2", ChangeMessages.properties(POST, 12), POST.toByteArray()), "own change");
        Change twoLines = POST.toBuilder().setPost(Message.newBuilder().setUsername("2").setMsg("a\nb")).build();
        assertRejected(decode(1, "from.c2", ChangeMessages.properties(twoLines, 12), twoLines.toByteArray()), "one line");
        AMQP.BasicProperties noPrevious = ChangeMessages.properties(POST, 12).builder().headers(Map.of()).build();
        assertRejected(decode(1, "from.c2", noPrevious, POST.toByteArray()), "tinysns-previous");
        assertRejected(decode(1, "from.c2", ChangeMessages.properties(POST, 17), POST.toByteArray()), "tinysns-previous");
    }

    private static ChangeMessages.Decoded decode(int ownCluster, String routingKey, AMQP.BasicProperties properties,
                                                 byte[] body) {
        return ChangeMessages.decode(ownCluster, new Envelope(1, false, SyncTopology.CHANGES, routingKey), properties, body);
    }

    private static void assertRejected(ChangeMessages.Decoded decoded, String why) {
        assertNull(decoded.change());
        assertNotNull(decoded.rejection());
        assertTrue(decoded.rejection().contains(why), decoded.rejection());
    }
}
