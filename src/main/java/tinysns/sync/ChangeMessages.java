package tinysns.sync;

import com.google.protobuf.InvalidProtocolBufferException;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import tinysns.protocol.ChangeRules;
import tinysns.protocol.proto.Change;

/**
 * A {@link Change} as a RabbitMQ message: the protobuf bytes, persistent (delivery mode 2), typed so that a
 * foreign message is told apart, and named by its origin cluster and number.
 */
public final class ChangeMessages {

    public static final String CONTENT_TYPE = "application/x-protobuf";
    public static final String TYPE = "tinysns.Change";

    private ChangeMessages() {
    }

    public static AMQP.BasicProperties properties(Change change) {
        return new AMQP.BasicProperties.Builder()
                .contentType(CONTENT_TYPE)
                .type(TYPE)
                .deliveryMode(2)
                .messageId(change.getOriginCluster() + "/" + change.getOriginSeq())
                .appId("tinysns")
                .build();
    }

    /** What a delivery to {@code ownCluster}'s queue holds: a change to apply, or why it must be set aside. */
    public record Decoded(Change change, String rejection) {
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
        return invalid != null ? rejected(invalid) : new Decoded(change, null);
    }

    private static Decoded rejected(String why) {
        return new Decoded(null, why);
    }
}
