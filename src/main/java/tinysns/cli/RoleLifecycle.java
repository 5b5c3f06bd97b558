package tinysns.cli;

import java.io.IOException;
import java.util.function.Function;
import org.slf4j.Logger;
import tinysns.http.HttpEndpoint;

/**
 * The life of a long-running role's process (tsd, the coordinator, a synchronizer): the role is started after the
 * signal handlers are installed (an IOException, such as a taken port, is a one-line failure naming the role), an
 * HTTP endpoint may stand beside it, and both are closed, the endpoint first, on SIGTERM, SIGINT or a rejected
 * heartbeat. The command's own logger writes the lines, so they name the role as before.
 */
record RoleLifecycle<R extends AutoCloseable>(Logger log, TerminationSignal signal, R role, HttpEndpoint endpoint) {

    /** Starts the role; {@code onRejected} stops the process when the coordinator refuses its heartbeat. */
    interface Start<R> {
        R start(Runnable onRejected) throws IOException;
    }

    static <R extends AutoCloseable> RoleLifecycle<R> start(String name, Logger log, Start<R> start) {
        TerminationSignal signal = TerminationSignal.install();
        try {
            return new RoleLifecycle<>(log, signal, start.start(() -> signal.trigger("a rejected heartbeat")), null);
        } catch (IOException e) {
            throw new UserFacingException(name + ": " + e.getMessage());
        }
    }

    /** Starts the endpoint beside the role (null for none); if that fails, the role is closed and the failure goes on. */
    RoleLifecycle<R> beside(Function<R, HttpEndpoint> start) {
        try {
            return new RoleLifecycle<>(log, signal, role, start.apply(role));
        } catch (UserFacingException e) {
            close(role);
            throw e;
        }
    }

    /** Blocks until SIGTERM, SIGINT or a rejected heartbeat, then closes the endpoint and the role. */
    void awaitStopAndClose() {
        String why = signal.await();
        log.info("stopping on {}", why);
        if (endpoint != null) {
            endpoint.close();
        }
        close(role);
    }

    private void close(R closing) {
        try {
            closing.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            log.warn("stopping: {}", e.getMessage());
        }
    }
}
