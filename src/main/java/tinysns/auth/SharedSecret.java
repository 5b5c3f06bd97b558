package tinysns.auth;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The optional registration secret shared by the coordinator and its servers. Its bytes never appear in a log
 * line, an error message or {@link #toString()}. A presented secret is compared in constant time: both sides are
 * hashed to 32 bytes first, so not even the secret's length shows in the time taken.
 */
public final class SharedSecret {

    /** No secret: the coordinator accepts every heartbeat, a server sends none. */
    public static final SharedSecret NONE = new SharedSecret(new byte[0]);

    private final byte[] bytes;
    private final byte[] digest;

    private SharedSecret(byte[] bytes) {
        this.bytes = bytes;
        this.digest = sha256(bytes);
    }

    /** @throws IllegalArgumentException when the secret is empty (say {@link #NONE} to have none) */
    public static SharedSecret of(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("the secret is empty");
        }
        return new SharedSecret(bytes.clone());
    }

    public static SharedSecret of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isRequired() {
        return bytes.length > 0;
    }

    /** What a server sends in its heartbeats: empty when there is no secret. */
    public ByteString toByteString() {
        return ByteString.copyFrom(bytes);
    }

    /** True when no secret is required, or {@code presented} is the secret. Constant time. */
    public boolean admits(ByteString presented) {
        if (!isRequired()) {
            return true;
        }
        return MessageDigest.isEqual(digest, sha256(presented.toByteArray()));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SharedSecret s && MessageDigest.isEqual(digest, s.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return isRequired() ? "SharedSecret[set]" : "SharedSecret[none]";
    }
}
