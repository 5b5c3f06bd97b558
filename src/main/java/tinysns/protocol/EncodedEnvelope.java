package tinysns.protocol;

/**
 * What is written to a channel to send an {@link EncodedBody} under one message ID; {@link EnvelopeEncoder} turns it
 * into the frame of the envelope it stands for.
 */
public record EncodedEnvelope(long messageId, EncodedBody body) {

    int serializedSize() {
        return body.serializedSize(messageId);
    }

    @Override
    public String toString() {
        return "EncodedEnvelope[" + messageId + ", " + body.bodyCase() + "]";
    }
}
