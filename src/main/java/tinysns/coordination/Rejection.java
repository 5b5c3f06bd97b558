package tinysns.coordination;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionException;
import tinysns.protocol.proto.ErrorCode;
import tinysns.rpc.RemoteErrorException;

/**
 * Which failed heartbeats retrying cannot mend: the slot is held by another live address, a field is invalid, the
 * secret is missing or wrong, or the other end is not a coordinator. Everything else (down, restarting, slow) is an
 * outage, retried with backoff.
 */
final class Rejection {

    private static final Set<ErrorCode> FINAL =
            EnumSet.of(ErrorCode.SLOT_TAKEN, ErrorCode.INVALID_ARGUMENT, ErrorCode.UNAUTHENTICATED, ErrorCode.UNSUPPORTED);

    private Rejection() {
    }

    /** The refusal when {@code failure} is one; null for an outage. */
    static RemoteErrorException of(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof RemoteErrorException remote && FINAL.contains(remote.code()) ? remote : null;
    }

    static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    static String describe(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
