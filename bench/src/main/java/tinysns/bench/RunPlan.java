package tinysns.bench;

/**
 * How long each kind of benchmark runs: the full run, or the quick one that finishes in under three minutes.
 * gRPC-java needs long warm-ups before its JIT settles (on 2 cores its throughput climbs for about 16 s before it
 * levels off), so the full run warms every target up for 24 s; the quick run is a smoke test whose figures, gRPC's
 * most of all, are indicative only.
 *
 * @param forks JMH forks per benchmark; each is a fresh JVM (and a fresh server JVM)
 */
record RunPlan(boolean quick, int forks) {

    /** One JMH schedule. */
    record Iterations(int warmups, int warmupSeconds, int measurements, int measurementSeconds, int forks) {
    }

    static RunPlan fullRun(int forks) {
        return new RunPlan(false, forks);
    }

    static RunPlan quickRun() {
        return new RunPlan(true, 1);
    }

    /** Calls per second under load: the steadiest figure, and the one that needs the JIT warmest. */
    Iterations throughput() {
        return quick ? new Iterations(1, 2, 2, 1, 1) : new Iterations(8, 3, 5, 3, forks);
    }

    /** Sampled latencies: every call is a sample, so shorter iterations are as steady. */
    Iterations latency() {
        return quick ? new Iterations(1, 1, 1, 1, 1) : new Iterations(8, 2, 5, 2, forks);
    }

    /** The registration table alone: small code, quick to warm. */
    Iterations registry() {
        return quick ? new Iterations(1, 1, 1, 1, 1) : new Iterations(3, 2, 5, 2, forks);
    }

    String describe() {
        Iterations t = throughput();
        Iterations l = latency();
        String caveat = quick ? "\nquick run: a smoke test. gRPC-java needs ~16 s of warm-up that it does not get here, so its"
                + " figures and every ratio against it are not results; run scripts/bench.sh for those." : "";
        return (quick ? "quick" : "full") + " run: throughput " + t.warmups() + " x " + t.warmupSeconds() + " s warm-up + "
                + t.measurements() + " x " + t.measurementSeconds() + " s; latency " + l.warmups() + " x "
                + l.warmupSeconds() + " s + " + l.measurements() + " x " + l.measurementSeconds() + " s; "
                + t.forks() + " fork(s) each" + caveat;
    }
}
