package tinysns.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tinysns.protocol.proto.ErrorCode;
import tinysns.rpc.RemoteErrorException;

/** Waits for a request and turns its failure into the line the user reads, or null on success. */
final class Outcome {

    private Outcome() {
    }

    /** The failure line for {@code request}, or {@code null} when it succeeded. */
    static String failureLine(CompletableFuture<?> request, SnsSession session) {
        Throwable failure = failureOf(request);
        return failure == null ? null : lineFor(failure, session);
    }

    /** Waits for {@code request}: why it failed, or {@code null} when it succeeded. */
    static Throwable failureOf(CompletableFuture<?> request) {
        try {
            request.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    /**
     * The failure line for a post. A post the server refuses for its content (too long, say) gets the server's
     * reason, e.g. {@code Post failed: longer than 4096 characters (this one has 5000)}; anything else is said as
     * for a command.
     */
    static String postFailureLine(Throwable failure, SnsSession session) {
        if (failure instanceof RemoteErrorException remote
                && (remote.code() == ErrorCode.TOO_LARGE || remote.code() == ErrorCode.INVALID_ARGUMENT)) {
            return OutputLines.postFailed(remote.remoteMessage());
        }
        return lineFor(failure, session);
    }

    /** True when the failure means the server is gone, rather than that it refused the request. */
    static boolean meansServerLost(Throwable failure) {
        return !(failure instanceof RemoteErrorException);
    }

    private static String lineFor(Throwable failure, SnsSession session) {
        return failure instanceof RemoteErrorException remote
                ? OutputLines.forError(remote.code())
                : OutputLines.serverUnavailable(session.serverAddress());
    }
}
