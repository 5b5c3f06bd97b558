package tinysns.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import tinysns.bench.Summary.Column;
import tinysns.bench.fanout.FanoutBenchmark;
import tinysns.bench.harness.BenchOutput;

/** One post to 1, 10 and 100 followers on one real SNS server, fsync on. */
final class FanoutPhase {

    private static final int[] FOLLOWERS = {1, 10, 100};

    private final JmhRunner jmh;
    private final RunPlan plan;
    private final Summary summary;
    private final Progress progress;

    FanoutPhase(JmhRunner jmh, RunPlan plan, Summary summary, Progress progress) {
        this.jmh = jmh;
        this.plan = plan;
        this.summary = summary;
        this.progress = progress;
    }

    void declareRows() {
        for (int n : FOLLOWERS) {
            summary.declare("fanout_" + n + "_p50", "µs", "send to delivery, every follower");
            summary.declare("fanout_" + n + "_p99", "µs", "send to delivery, every follower");
            summary.declare("fanout_" + n + "_all_p50", "µs", "send until the last follower has it");
        }
    }

    void run() throws IOException {
        for (int n : FOLLOWERS) {
            String log = "jmh-fanout-" + n;
            RunResult result = jmh.run(FanoutBenchmark.class, "post", Map.of("followers", Integer.toString(n)),
                    plan.latency(), "1g", false, log);
            if (result == null) {
                progress.failed("fan-out to " + n, "target/bench/logs/" + log + ".log");
                continue;
            }
            summary.put("fanout_" + n + "_all_p50", Column.TINYSNS, result.getPrimaryResult().getStatistics().getPercentile(50));
        }
        Path file = BenchOutput.dir().resolve(FanoutBenchmark.RESULTS_FILE);
        if (!Files.exists(file)) {
            return;
        }
        // followers, deliveries, p50, p99, p99.9, max (µs); one line per fork: the last one wins.
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t");
            int n = Integer.parseInt(f[0]);
            summary.put("fanout_" + n + "_p50", Column.TINYSNS, Double.parseDouble(f[2]));
            summary.put("fanout_" + n + "_p99", Column.TINYSNS, Double.parseDouble(f[3]));
            progress.step("fan-out to %d followers: delivery p50 %s µs, p99 %s µs, p99.9 %s µs (%s deliveries)", n, f[2], f[3], f[4], f[1]);
        }
    }
}
