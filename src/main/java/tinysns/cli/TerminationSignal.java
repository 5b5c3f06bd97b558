package tinysns.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Lets a long-running role stop cleanly on SIGTERM or SIGINT and exit 0. The JVM's own handling would run shutdown
 * hooks and exit with 143, and a hook cannot wait for in-flight work in an orderly way; so the signal only wakes
 * the main thread, which stops the role and returns its exit code as usual.
 */
public final class TerminationSignal {

    private final CountDownLatch received = new CountDownLatch(1);
    private volatile String name = "";

    private TerminationSignal() {
    }

    /** Installs the handlers; call once, early in a role's main. */
    public static TerminationSignal install() {
        return install(() -> { });
    }

    /** As {@link #install()}, also running {@code onSignal} (quickly: it runs on the signal thread) for each signal. */
    public static TerminationSignal install(Runnable onSignal) {
        TerminationSignal signal = new TerminationSignal();
        for (String s : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(s), sig -> {
                signal.trigger("SIG" + sig.getName());
                onSignal.run();
            });
        }
        return signal;
    }

    /** Also used by tests and by roles that decide to stop themselves. */
    public void trigger(String why) {
        name = why;
        received.countDown();
    }

    /** Blocks the calling (main) thread until a termination signal arrives; returns its name, e.g. "SIGTERM". */
    public String await() {
        while (true) {
            try {
                received.await();
                return name;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupt";
            }
        }
    }

    /** Waits at most {@code timeout} for a termination signal; true when one has arrived (or on interrupt). */
    public boolean await(Duration timeout) {
        try {
            return received.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
