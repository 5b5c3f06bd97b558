package tinysns.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.Message;

/**
 * The resume point: the number the next publisher starts after, and names as its first change's predecessor. A
 * cluster's own changes have gaps in their numbers (other clusters' changes sit between them in its log), so the
 * point must be the number of a change really published, or receivers would wait forever for a change that never
 * comes.
 */
class ChangePublisherTest {

    /** What the publisher wrote: each message's routing key or queue, and its predecessor header or body. */
    private final List<String> published = new ArrayList<>();
    private long nextPublishSeqNo = 1;

    private final Channel channel = (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(),
            new Class<?>[] {Channel.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getNextPublishSeqNo" -> nextPublishSeqNo;
                case "basicPublish" -> {
                    nextPublishSeqNo++;
                    AMQP.BasicProperties properties = (AMQP.BasicProperties) args[args.length - 2];
                    published.add(properties.getHeaders() == null
                            ? args[1] + " " + new String((byte[]) args[args.length - 1], StandardCharsets.US_ASCII)
                            : args[1] + " after " + properties.getHeaders().get(ChangeMessages.PREVIOUS));
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void theResumePointIsAlwaysTheNumberOfAPublishedChangeNeverOneInAGap() throws Exception {
        ChangePublisher publisher = new ChangePublisher(channel, 2, 0);
        // Positions 6 to 8 of cluster 2's log hold other clusters' changes: its own are 5, 9 and 12, each made
        // durable by a commit of its own, so each a message.
        publisher.publish(List.of(post(5)));
        publisher.publish(List.of(post(9)));
        publisher.publish(List.of(post(12)));
        assertEquals(List.of("from.c2 after 0", "from.c2 after 5", "from.c2 after 9"), published);
        assertEquals(0, publisher.confirmedThrough());

        publisher.confirmed(1, false); // 5
        assertEquals(5, publisher.confirmedThrough(), "9 is not confirmed: resuming after 8 would name a gap");
        publisher.confirmed(3, false); // 12, while 9 is still unconfirmed
        assertEquals(5, publisher.confirmedThrough());
        publisher.writeResumePoint();
        assertEquals("tinysns.published.c2 5", published.get(3));

        publisher.confirmed(2, false); // 9
        assertEquals(12, publisher.confirmedThrough());
    }

    @Test
    void oneCommitsChangesGoAsOneMessageAndResumeAfterItsLastOnlyOnceConfirmed() throws Exception {
        ChangePublisher publisher = new ChangePublisher(channel, 2, 0);
        publisher.publish(List.of(post(5), post(9)));
        publisher.publish(List.of(post(12), post(13)));
        assertEquals(List.of("from.c2 after 0", "from.c2 after 9"), published);
        publisher.confirmed(2, false);
        assertEquals(0, publisher.confirmedThrough(), "5 and 9 are not confirmed yet");
        publisher.confirmed(1, false);
        assertEquals(13, publisher.confirmedThrough());
    }

    @Test
    void aPublisherResumingAfterAPointNamesItAsItsFirstChangesPredecessor() throws Exception {
        ChangePublisher publisher = new ChangePublisher(channel, 2, 5);
        publisher.publish(List.of(post(3), post(5), post(9)));
        assertEquals(List.of("from.c2 after 5"), published, "3 and 5 were published before the resume point");
        publisher.confirmed(1, true);
        assertEquals(9, publisher.confirmedThrough());
    }

    private static Change post(long seq) {
        return Change.newBuilder().setOriginCluster(2).setOriginSeq(seq).setTimestampMillis(1000)
                .setPost(Message.newBuilder().setUsername("2").setMsg("post " + seq)).build();
    }
}
