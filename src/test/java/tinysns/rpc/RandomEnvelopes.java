package tinysns.rpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Random;
import tinysns.protocol.proto.Envelope;

/** Well-formed envelopes of every body, with random contents, filled from the protocol's own descriptors. */
final class RandomEnvelopes {

    private static final List<FieldDescriptor> BODIES = Envelope.getDescriptor().getOneofs().get(0).getFields();
    private static final String LETTERS = "abcXYZ019 _-éß漢😀";

    private final Random random;

    RandomEnvelopes(Random random) {
        this.random = random;
    }

    Envelope next(long messageId) {
        Envelope.Builder envelope = Envelope.newBuilder().setMessageId(messageId);
        FieldDescriptor body = BODIES.get(random.nextInt(BODIES.size()));
        Message.Builder content = envelope.newBuilderForField(body);
        fill(content, 0);
        envelope.setField(body, content.build());
        return envelope.build();
    }

    long nextMessageId() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1 + random.nextInt(1000);
            case 2 -> random.nextLong(); // as a uint64: large ones take ten varint bytes
            default -> -1L; // 2^64 - 1
        };
    }

    private void fill(Message.Builder message, int depth) {
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (random.nextInt(4) == 0) {
                continue; // leave some fields at their default
            }
            if (field.isRepeated()) {
                int count = random.nextInt(4);
                for (int i = 0; i < count; i++) {
                    message.addRepeatedField(field, value(message, field, depth));
                }
            } else {
                message.setField(field, value(message, field, depth));
            }
        }
    }

    private Object value(Message.Builder parent, FieldDescriptor field, int depth) {
        return switch (field.getJavaType()) {
            case INT -> random.nextBoolean() ? random.nextInt(100) : random.nextInt();
            case LONG -> random.nextBoolean() ? (long) random.nextInt(100_000) : random.nextLong();
            case BOOLEAN -> random.nextBoolean();
            case STRING -> text(random.nextInt(24));
            case BYTE_STRING -> {
                byte[] bytes = new byte[random.nextInt(24)];
                random.nextBytes(bytes);
                yield ByteString.copyFrom(bytes);
            }
            case ENUM -> {
                EnumDescriptor type = field.getEnumType();
                yield type.getValues().get(random.nextInt(type.getValues().size()));
            }
            case MESSAGE -> {
                Message.Builder child = parent.newBuilderForField(field);
                if (depth < 3) {
                    fill(child, depth + 1);
                }
                yield child.build();
            }
            default -> throw new IllegalStateException("no random value for " + field.getFullName());
        };
    }

    String text(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(LETTERS.codePointAt(LETTERS.offsetByCodePoints(0,
                    random.nextInt(LETTERS.codePointCount(0, LETTERS.length())))));
        }
        return text.toString();
    }
}
