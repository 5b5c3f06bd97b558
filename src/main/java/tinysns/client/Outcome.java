package tinysns.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    /** True when a failure line means the server is gone rather than a refused command. */
    static boolean isServerUnavailable(String line, SnsSession session) {
        return OutputLines.serverUnavailable(session.serverAddress()).equals(line);
    }
}
