package tinysns.protocol;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.List;
import tinysns.protocol.proto.Envelope;

/** Test data: one envelope for every body the protocol defines. */
final class Envelopes {

    private Envelopes() {
    }

    static List<Envelope> oneOfEveryBody() {
        List<Envelope> all = new ArrayList<>();
        long id = 1;
        for (FieldDescriptor field : Envelope.getDescriptor().getOneofs().get(0).getFields()) {
            Envelope.Builder builder = Envelope.newBuilder().setMessageId(id++);
            builder.setField(field, builder.newBuilderForField(field).build());
            all.add(builder.build());
        }
        return all;
    }
}
