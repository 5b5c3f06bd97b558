package tinysns.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A count that only goes up; cheap to increment from many threads. */
public final class Counter {

    private final LongAdder count = new LongAdder();

    public void increment() {
        count.increment();
    }

    public void add(long n) {
        count.add(n);
    }

    public long value() {
        return count.sum();
    }
}
