package tinysns.bench.rpc;

/** Told once when a call ends: {@code failure} is null for a success. Called on whatever thread ended it. */
@FunctionalInterface
public interface CallDone {

    void done(Throwable failure);
}
