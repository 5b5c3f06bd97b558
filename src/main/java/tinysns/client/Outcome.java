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
        try {
            request.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() instanceof RemoteErrorException remote
                    ? OutputLines.forError(remote.code())
                    : OutputLines.serverUnavailable(session.serverAddress());
        }
    }

    /**
     * The failure line for a post, or {@code null} when it was stored. A post the server refuses for its content
     * (too long, say) gets the server's reason, e.g. {@code Post failed: longer than 4096 characters (this one has
     * 5000)}; anything else is said as for a command.
     */
    static String postFailureLine(CompletableFuture<?> post, SnsSession session) {
        try {
            post.join();
            return null;
        } catch (CompletionException e) {
            if (e.getCause() instanceof RemoteErrorException remote
                    && (remote.code() == ErrorCode.TOO_LARGE || remote.code() == ErrorCode.INVALID_ARGUMENT)) {
                return OutputLines.postFailed(remote.remoteMessage());
            }
            return failureLine(post, session);
        }
    }

    /** True when a failure line means the server is gone rather than a refused command. */
    static boolean isServerUnavailable(String line, SnsSession session) {
        return OutputLines.serverUnavailable(session.serverAddress()).equals(line);
    }
}
