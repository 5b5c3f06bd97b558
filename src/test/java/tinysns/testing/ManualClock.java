package tinysns.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when a test moves it. Starts at 0. */
public final class ManualClock implements LongSupplier {

    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    /** Moves to {@code target}; never backwards. */
    public void moveTo(long targetNanos) {
        nanos.accumulateAndGet(targetNanos, Math::max);
    }

    public Duration elapsed() {
        return Duration.ofNanos(nanos.get());
    }
}
