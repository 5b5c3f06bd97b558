package tinysns.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** What a future that must fail failed with, for tests. */
public final class Failures {

    private Failures() {
    }

    /** Waits for {@code future} and returns the cause of its failure; fails the test if it succeeded. */
    public static Throwable failureOf(CompletableFuture<?> future) {
        Object value;
        try {
            value = future.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure, got " + value);
    }
}
