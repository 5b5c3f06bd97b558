package tinysns.sync;

import com.google.protobuf.InvalidProtocolBufferException;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import tinysns.protocol.ChangeRules;
import tinysns.protocol.proto.Change;

/**
 * A {@link Change} as a RabbitMQ message: the protobuf bytes, persistent (delivery mode 2), typed so that a
 * foreign message is told apart, named by its origin cluster and number, and carrying in header {@value #PREVIOUS}
 * the number of the change its cluster published before it. A cluster's numbers are increasing but need not be
 * consecutive (they are positions in its server's change log), so that header is how a receiver tells a change
 * that arrived early (its predecessor is still to come) from the next one.
 */
public final class ChangeMessages {

    public static final String CONTENT_TYPE = "application/x-protobuf";
    public static final String TYPE = "tinysns.Change";
    public static final String PREVIOUS = "tinysns-previous";

    private ChangeMessages() {
    }

    /** @param previous the number of the change published before this one by its cluster; 0 for its first */
    public static AMQP.BasicProperties properties(Change change, long previous) {
        return new AMQP.BasicProperties.Builder()
                .headers(java.util.Map.of(PREVIOUS, previous))
                .contentType(CONTENT_TYPE)
                .type(TYPE)
                .deliveryMode(2)
                .messageId(change.getOriginCluster() + "/" + change.getOriginSeq())
                .appId("tinysns")
                .build();
    }

    /** What a delivery to {@code ownCluster}'s queue holds: a change to apply, or why it must be set aside. */
    public record Decoded(Change change, long previous, String rejection) {
    }

    public static Decoded decode(int ownCluster, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        if (!TYPE.equals(properties.getType()) || !CONTENT_TYPE.equals(properties.getContentType())) {
            return rejected("is not a tinysns change (type " + properties.getType() + ", content type "
                    + properties.getContentType() + ")");
        }
        Change change;
        try {
            change = Change.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            return rejected("does not parse as a Change: " + e.getMessage());
        }
        int routedFrom = SyncTopology.originOf(envelope.getRoutingKey());
        if (change.getOriginCluster() != routedFrom) {
            return rejected("says it comes from cluster " + change.getOriginCluster() + " but was routed as "
                    + envelope.getRoutingKey());
        }
        if (change.getOriginCluster() == ownCluster) {
            return rejected("is cluster " + ownCluster + "'s own change, never sent back to it");
        }
        String invalid = ChangeRules.invalid(change);
        if (invalid != null) {
            return rejected(invalid);
        }
        Object previous = properties.getHeaders() == null ? null : properties.getHeaders().get(PREVIOUS);
        if (!(previous instanceof Number number) || number.longValue() < 0 || number.longValue() >= change.getOriginSeq()) {
            return rejected("has no valid " + PREVIOUS + " header (got " + previous + ")");
        }
        return new Decoded(change, number.longValue(), null);
    }

    private static Decoded rejected(String why) {
        return new Decoded(null, 0, why);
    }
}
