package tinysns.bench;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import tinysns.bench.harness.BenchOutput;

/** Runs one JMH benchmark method with given parameters through JMH's API; its text output goes to a log file. */
final class JmhRunner {

    private final Path logDir;

    JmhRunner(Path logDir) {
        this.logDir = logDir;
    }

    /**
     * @param heap       the fork's heap, e.g. {@code 1g}
     * @param gcProfiler adds JMH's {@code -prof gc} (allocation per operation)
     * @return the result, or null when the benchmark failed (the log says why)
     */
    RunResult run(Class<?> benchmark, String method, Map<String, String> params, RunPlan.Iterations plan, String heap,
                  boolean gcProfiler, String logName) {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName() + "." + method) + "$")
                .warmupIterations(plan.warmups())
                .warmupTime(TimeValue.seconds(plan.warmupSeconds()))
                .measurementIterations(plan.measurements())
                .measurementTime(TimeValue.seconds(plan.measurementSeconds()))
                .forks(plan.forks())
                .jvmArgsAppend("-Xms" + heap, "-Xmx" + heap, "-D" + BenchOutput.DIR_PROPERTY + "=" + BenchOutput.dir())
                .shouldFailOnError(true)
                .output(logDir.resolve(logName + ".log").toString());
        params.forEach(options::param);
        if (gcProfiler) {
            options.addProfiler(GCProfiler.class);
        }
        try {
            Collection<RunResult> results = new Runner(options.build()).run();
            return results.isEmpty() ? null : results.iterator().next();
        } catch (RunnerException e) {
            return null;
        }
    }

    /** A secondary result, such as {@code gc.alloc.rate.norm}, whatever prefix this JMH version puts before it. */
    static Double secondary(RunResult result, String name) {
        for (Map.Entry<String, Result> entry : result.getSecondaryResults().entrySet()) {
            if (entry.getKey().endsWith(name)) {
                return entry.getValue().getScore();
            }
        }
        return null;
    }
}
