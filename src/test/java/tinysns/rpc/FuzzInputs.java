package tinysns.rpc;

import static tinysns.rpc.WireBytes.concat;
import static tinysns.rpc.WireBytes.encode;
import static tinysns.rpc.WireBytes.filled;
import static tinysns.rpc.WireBytes.paddedVarint;
import static tinysns.rpc.WireBytes.prefix;
import static tinysns.rpc.WireBytes.varint;

import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ListReply;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.RegistryListing;
import tinysns.protocol.proto.ServerInfo;

/**
 * Hostile byte streams for a tinysns connection, in the spirit of OSS-Fuzz's protobuf and framing targets.
 * Deterministic for a given seed. Each case says what it is, and, when it is made of untouched valid frames only,
 * which envelopes it holds.
 */
public final class FuzzInputs {

    public record Case(String kind, byte[] bytes, List<Envelope> sent) {
    }

    private static final int[] UNKNOWN_BODY_FIELDS = {6, 7, 8, 9, 15, 16, 17, 18, 19, 29, 30, 99, 1000, 536_870_911};

    private static final int POOL_SIZE = 2_048;

    private final Random random;
    private final int maxFrameBytes;
    /** Random envelopes made once (making them is slower than fuzzing them); cases pick and mutate their bytes. */
    private final Envelope[] pool = new Envelope[POOL_SIZE];
    private final byte[][] poolBytes = new byte[POOL_SIZE][];

    /** @param preferMessageIdOne most envelopes get ID 1 (what a client test's one open stream waits for) */
    public FuzzInputs(long seed, int maxFrameBytes, boolean preferMessageIdOne) {
        this.random = new Random(seed);
        this.maxFrameBytes = maxFrameBytes;
        RandomEnvelopes envelopes = new RandomEnvelopes(random);
        for (int i = 0; i < POOL_SIZE; i++) {
            long id = preferMessageIdOne && random.nextInt(5) != 0 ? 1 : envelopes.nextMessageId();
            pool[i] = envelopes.next(id);
            poolBytes[i] = pool[i].toByteArray();
        }
    }

    public Case next() {
        return switch (random.nextInt(10)) {
            case 0 -> randomBytes();
            case 1 -> hostileLengthPrefix();
            case 2 -> validFrames();
            case 3 -> truncated();
            case 4, 5 -> mutated();
            case 6 -> unknownFields();
            case 7 -> oddVarints();
            case 8 -> deepNesting();
            default -> goodThenBadThenGood();
        };
    }

    public Random random() {
        return random;
    }

    // ------------------------------------------------------------------ kinds

    private Case randomBytes() {
        byte[] junk = new byte[1 + random.nextInt(300)];
        random.nextBytes(junk);
        return new Case("random bytes", junk, null);
    }

    private Case hostileLengthPrefix() {
        long declared = switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> maxFrameBytes;
            case 2 -> maxFrameBytes + 1L;
            case 3 -> Integer.MAX_VALUE; // 2^31 - 1
            case 4 -> maxFrameBytes + 1L + random.nextInt(Integer.MAX_VALUE - maxFrameBytes);
            case 5 -> 0xFFFF_FFFFL & random.nextInt(); // any 32 bits, "negative" ones included
            case 6 -> 1 + random.nextInt(16);
            default -> 0x8000_0000L; // -2^31 as a signed int
        };
        byte[] payload = new byte[random.nextInt(64)];
        random.nextBytes(payload);
        return new Case("length prefix " + declared, concat(prefix((int) declared), payload), null);
    }

    private Case validFrames() {
        List<Envelope> sent = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1 + random.nextInt(5); i > 0; i--) {
            int pick = random.nextInt(POOL_SIZE);
            sent.add(pool[pick]);
            out.writeBytes(prefix(poolBytes[pick].length));
            out.writeBytes(poolBytes[pick]);
        }
        return new Case("valid frames", out.toByteArray(), sent);
    }

    private Case truncated() {
        byte[] whole = validFrames().bytes();
        return new Case("truncated", Arrays.copyOf(whole, random.nextInt(whole.length)), null);
    }

    /** A real encoded envelope with bytes flipped, replaced, inserted or deleted, re-framed with its new length. */
    private Case mutated() {
        byte[] payload = envelopeBytes().clone();
        for (int m = 1 + random.nextInt(4); m > 0; m--) {
            payload = mutate(payload);
        }
        byte[] frame = concat(prefix(payload.length), payload);
        if (random.nextInt(10) == 0) {
            frame[random.nextInt(4)] ^= (byte) (1 << random.nextInt(8)); // now and then the prefix lies too
        }
        return new Case("mutated envelope", frame, null);
    }

    private byte[] mutate(byte[] payload) {
        int at = payload.length == 0 ? 0 : random.nextInt(payload.length);
        switch (random.nextInt(5)) {
            case 0 -> {
                if (payload.length > 0) {
                    payload[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                if (payload.length > 0) {
                    payload[at] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                byte[] longer = new byte[payload.length + 1];
                System.arraycopy(payload, 0, longer, 0, at);
                longer[at] = (byte) random.nextInt(256);
                System.arraycopy(payload, at, longer, at + 1, payload.length - at);
                return longer;
            }
            case 3 -> {
                if (payload.length > 1) {
                    byte[] shorter = new byte[payload.length - 1];
                    System.arraycopy(payload, 0, shorter, 0, at);
                    System.arraycopy(payload, at + 1, shorter, at, payload.length - at - 1);
                    return shorter;
                }
            }
            default -> {
                return Arrays.copyOf(payload, at); // cut inside a field
            }
        }
        return payload;
    }

    /** Fields this protocol does not define, with or without a known body beside them. */
    private Case unknownFields() {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        boolean withBody = random.nextBoolean();
        if (withBody) {
            payload.writeBytes(envelopeBytes());
        }
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            payload.writeBytes(unknownField(UNKNOWN_BODY_FIELDS[random.nextInt(UNKNOWN_BODY_FIELDS.length)]));
        }
        byte[] bytes = payload.toByteArray();
        return new Case(withBody ? "known body and unknown fields" : "unknown oneof case", concat(prefix(bytes.length), bytes), null);
    }

    private byte[] unknownField(int number) {
        return encode(out -> {
            switch (random.nextInt(5)) {
                case 0 -> out.writeUInt64(number, random.nextLong());
                case 1 -> out.writeFixed64(number, random.nextLong());
                case 2 -> out.writeFixed32(number, random.nextInt());
                case 3 -> {
                    byte[] content = new byte[random.nextInt(40)];
                    random.nextBytes(content);
                    out.writeByteArray(number, content);
                }
                default -> {
                    out.writeTag(number, WireFormat.WIRETYPE_START_GROUP);
                    out.writeUInt32(1, random.nextInt());
                    out.writeTag(number, WireFormat.WIRETYPE_END_GROUP);
                }
            }
        });
    }

    /** Non-minimal, maximal, over-long and lying varints, where tags, IDs and lengths are read. */
    private Case oddVarints() {
        Envelope body = envelope();
        byte[] payload = switch (random.nextInt(6)) {
            // message_id as a ten-byte varint: legal, and must decode to the same value
            case 0 -> concat(new byte[] {0x08}, paddedVarint(body.getMessageId(), 10),
                    body.toBuilder().clearMessageId().build().toByteArray());
            // eleven continuation bytes: malformed
            case 1 -> concat(new byte[] {0x08}, filled(11, (byte) 0xff), new byte[] {0x01});
            // a tag written with padding bytes
            case 2 -> concat(paddedVarint((1 << 3) | WireFormat.WIRETYPE_VARINT, 5), new byte[] {0x05},
                    body.toBuilder().clearMessageId().build().toByteArray());
            // a body whose length says more than the frame holds
            case 3 -> concat(new byte[] {(byte) 0xa2, 0x01}, varint(random.nextInt(Integer.MAX_VALUE)), new byte[] {0x0a, 0x00});
            // a length that is negative as an int
            case 4 -> concat(new byte[] {(byte) 0xa2, 0x01}, paddedVarint(-1L, 10));
            // a tag of field number 0
            default -> concat(new byte[] {0x00, 0x01}, body.toByteArray());
        };
        return new Case("odd varints", concat(prefix(payload.length), payload), null);
    }

    /** Groups nested past any sane depth inside an unknown field, and messages nested inside lengths. */
    private Case deepNesting() {
        int depth = random.nextBoolean() ? 50 + random.nextInt(100) : 200 + random.nextInt(1_500);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(envelopeBytes());
        byte[] open = varint((77 << 3) | WireFormat.WIRETYPE_START_GROUP);
        byte[] close = varint((77 << 3) | WireFormat.WIRETYPE_END_GROUP);
        for (int i = 0; i < depth; i++) {
            payload.writeBytes(open);
        }
        if (random.nextBoolean()) {
            for (int i = 0; i < depth; i++) {
                payload.writeBytes(close);
            }
        }
        byte[] bytes = payload.toByteArray();
        if (bytes.length > maxFrameBytes) {
            bytes = Arrays.copyOf(bytes, maxFrameBytes);
        }
        return new Case("nested groups " + depth + " deep", concat(prefix(bytes.length), bytes), null);
    }

    private Case goodThenBadThenGood() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(validFrames().bytes());
        out.writeBytes(random.nextBoolean() ? mutated().bytes() : unknownFields().bytes());
        out.writeBytes(validFrames().bytes());
        return new Case("good, then maybe bad, then good", out.toByteArray(), null);
    }

    // ------------------------------------------------------------------ huge repeated fields

    /** A registry listing or list reply of very many entries, sized to end just under (or just over) the limit. */
    static Envelope hugeRepeated(Random random, int targetBytes, boolean listing) {
        RandomEnvelopes words = new RandomEnvelopes(random);
        if (listing) {
            RegistryListing.Builder entries = RegistryListing.newBuilder();
            RegistryEntry entry = RegistryEntry.newBuilder().setClusterId(2).setAlive(true).setMillisSinceHeartbeat(1234)
                    .setServerInfo(ServerInfo.newBuilder().setServerId(7).setHostname("host-" + words.text(4)).setPort(10000))
                    .build();
            int per = entry.getSerializedSize() + 3;
            for (int i = 0; i < targetBytes / per; i++) {
                entries.addEntries(entry);
            }
            return pad(Envelope.newBuilder().setMessageId(1).setRegistryListing(entries).build(), targetBytes, random);
        }
        ListReply.Builder users = ListReply.newBuilder();
        for (int i = 0; users.getAllUsersCount() * 9L < targetBytes - 64; i++) {
            users.addAllUsers(Integer.toString(1_000_000 + i));
        }
        return pad(Envelope.newBuilder().setMessageId(1).setListReply(users).build(), targetBytes, random);
    }

    /** Adds an unknown field so the envelope is exactly {@code targetBytes} long (when it was not over already). */
    private static Envelope pad(Envelope envelope, int targetBytes, Random random) {
        int missing = targetBytes - envelope.getSerializedSize();
        for (int content = Math.max(0, missing - 6); content <= missing; content++) {
            byte[] filler = new byte[content];
            random.nextBytes(filler);
            com.google.protobuf.UnknownFieldSet extra = com.google.protobuf.UnknownFieldSet.newBuilder()
                    .addField(999, com.google.protobuf.UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(com.google.protobuf.ByteString.copyFrom(filler)).build())
                    .build();
            Envelope padded = envelope.toBuilder().setUnknownFields(extra).build();
            if (padded.getSerializedSize() == targetBytes) {
                return padded;
            }
        }
        return envelope;
    }

    // ------------------------------------------------------------------ bytes

    private Envelope envelope() {
        return pool[random.nextInt(POOL_SIZE)];
    }

    private byte[] envelopeBytes() {
        return poolBytes[random.nextInt(POOL_SIZE)];
    }
}
