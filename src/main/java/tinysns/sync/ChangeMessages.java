package tinysns.sync;

import com.google.protobuf.InvalidProtocolBufferException;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import java.util.List;
import java.util.Map;
import tinysns.protocol.ChangeRules;
import tinysns.protocol.proto.Change;
import tinysns.protocol.proto.SyncChanges;

/**
 * One or more consecutive changes of one cluster as a RabbitMQ message: a {@link SyncChanges} in protobuf bytes,
 * persistent (delivery mode 2), typed so that a foreign message is told apart, named by its origin cluster and
 * numbers, and carrying in header {@value #PREVIOUS} the number of the change its cluster published before the
 * first of them. A cluster's numbers are increasing but need not be consecutive (they are positions in its
 * server's change log), so that header is how a receiver tells a message that arrived early (its predecessor is
 * still to come) from the next one.
 *
 * <p>A message carries what one commit of the server made durable (one change at a low rate, up to
 * {@code ChangeFeed}'s push at a high one): the broker's work per change, which bounds the rate on a small machine,
 * falls as the rate rises, and no change waits for others to fill a batch.
 */
public final class ChangeMessages {

    public static final String CONTENT_TYPE = "application/x-protobuf";
    public static final String TYPE = "tinysns.SyncChanges";
    public static final String PREVIOUS = "tinysns-previous";

    private ChangeMessages() {
    }

    /**
     * @param changes  consecutive changes of one cluster, in number order, at least one
     * @param previous the number of the change published before the first of them by its cluster; 0 for its first
     */
    public static AMQP.BasicProperties properties(List<Change> changes, long previous) {
        Change first = changes.get(0);
        Change last = changes.get(changes.size() - 1);
        return new AMQP.BasicProperties.Builder()
                .headers(Map.of(PREVIOUS, previous))
                .contentType(CONTENT_TYPE)
                .type(TYPE)
                .deliveryMode(2)
                .messageId(first.getOriginCluster() + "/" + first.getOriginSeq() + "-" + last.getOriginSeq())
                .appId("tinysns")
                .build();
    }

    public static byte[] body(List<Change> changes) {
        return SyncChanges.newBuilder().addAllChanges(changes).build().toByteArray();
    }

    /** What a delivery to {@code ownCluster}'s queue holds: changes to apply, or why it must be set aside. */
    public record Decoded(List<Change> changes, long previous, String rejection) {

        int origin() {
            return changes.get(0).getOriginCluster();
        }

        long lastSeq() {
            return changes.get(changes.size() - 1).getOriginSeq();
        }
    }

    public static Decoded decode(int ownCluster, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        if (!TYPE.equals(properties.getType()) || !CONTENT_TYPE.equals(properties.getContentType())) {
            return rejected("is not a tinysns change (type " + properties.getType() + ", content type "
                    + properties.getContentType() + ")");
        }
        List<Change> changes;
        try {
            changes = SyncChanges.parseFrom(body).getChangesList();
        } catch (InvalidProtocolBufferException e) {
            return rejected("does not parse as changes: " + e.getMessage());
        }
        if (changes.isEmpty()) {
            return rejected("holds no change");
        }
        int routedFrom = SyncTopology.originOf(envelope.getRoutingKey());
        long before = 0;
        for (Change change : changes) {
            String why = invalid(change, ownCluster, routedFrom, envelope.getRoutingKey(), before);
            if (why != null) {
                return rejected(why);
            }
            before = change.getOriginSeq();
        }
        Object previous = properties.getHeaders() == null ? null : properties.getHeaders().get(PREVIOUS);
        if (!(previous instanceof Number number) || number.longValue() < 0
                || number.longValue() >= changes.get(0).getOriginSeq()) {
            return rejected("has no valid " + PREVIOUS + " header (got " + previous + ")");
        }
        return new Decoded(changes, number.longValue(), null);
    }

    /** Why one change of a message cannot be applied here, or null. */
    private static String invalid(Change change, int ownCluster, int routedFrom, String routingKey, long before) {
        if (change.getOriginCluster() != routedFrom) {
            return "says it comes from cluster " + change.getOriginCluster() + " but was routed as " + routingKey;
        }
        if (change.getOriginCluster() == ownCluster) {
            return "is cluster " + ownCluster + "'s own change, never sent back to it";
        }
        if (change.getOriginSeq() <= before) {
            return "has its changes out of number order (" + change.getOriginSeq() + " after " + before + ")";
        }
        return ChangeRules.invalid(change);
    }

    private static Decoded rejected(String why) {
        return new Decoded(null, 0, why);
    }
}
