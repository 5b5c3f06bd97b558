package tinysns.bench;

/**
 * How long each JMH benchmark runs: the full run, or the quick one that finishes in under three minutes.
 *
 * @param forks JMH forks per benchmark; each is a fresh JVM (and a fresh server JVM)
 */
record RunPlan(boolean quick, int warmupIterations, int warmupSeconds, int measurementIterations,
               int measurementSeconds, int forks) {

    static RunPlan fullRun(int forks) {
        return new RunPlan(false, 3, 3, 5, 3, forks);
    }

    static RunPlan quickRun() {
        return new RunPlan(true, 2, 1, 2, 1, 1);
    }

    /** Latency runs sample every call, so they need less time than throughput runs to be as steady. */
    RunPlan forLatency() {
        return quick ? new RunPlan(true, 1, 1, 2, 1, forks) : new RunPlan(false, 3, 2, 5, 2, forks);
    }

    String describe() {
        return (quick ? "quick" : "full") + ": " + warmupIterations + " x " + warmupSeconds + " s warm-up, "
                + measurementIterations + " x " + measurementSeconds + " s measured, " + forks + " fork(s)";
    }
}
