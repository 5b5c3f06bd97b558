package tinysns.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tinysns.bench.harness.BenchOutput;

/**
 * Runs every benchmark and writes {@code target/bench/summary.tsv} (plus {@code summary.md}), printing a table.
 * Usage: {@code BenchMain [--quick] [--forks N] [--only rpc,registry,fanout]}. JMH's own output goes to
 * {@code target/bench/logs/}. {@code BenchMain --peers [--quick]} runs the comparison with etcd and ZooKeeper instead
 * ({@link PeersPhase}), writing {@code target/bench/peers.tsv}.
 */
public final class BenchMain {

    private static final Set<String> PHASES = Set.of("rpc", "registry", "fanout");

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        boolean quick = false;
        boolean peers = false;
        int forks = 1;
        Set<String> only = PHASES;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--peers" -> peers = true;
                case "--forks" -> forks = Integer.parseInt(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                default -> {
                    System.err.println("usage: bench [--quick] [--forks N] [--only rpc,registry,fanout] | bench --peers [--quick]");
                    System.exit(2);
                }
            }
        }
        if (!PHASES.containsAll(only)) {
            System.err.println("--only takes some of: rpc, registry, fanout");
            System.exit(2);
        }
        if (peers) {
            String header = describeRun(PeersPhase.describe(quick), String.join(" ", args));
            System.out.print(header);
            Progress progress = new Progress();
            new PeersPhase(quick, progress).run(header);
            System.exit(progress.failures() == 0 ? 0 : 1);
        }
        RunPlan plan = quick ? RunPlan.quickRun() : RunPlan.fullRun(forks);
        Path out = BenchOutput.dir();
        clearPreviousRun(out);
        String header = describeRun(plan.describe(), String.join(" ", args));
        System.out.print(header);

        Progress progress = new Progress();
        Summary summary = new Summary();
        JmhRunner jmh = new JmhRunner(BenchOutput.logDir());
        RpcPhase rpc = new RpcPhase(jmh, plan, summary, progress);
        RegistryPhase registry = new RegistryPhase(jmh, plan, summary, progress);
        FanoutPhase fanout = new FanoutPhase(jmh, plan, summary, progress);
        rpc.declareRows();
        registry.declareRows();
        fanout.declareRows();
        if (only.contains("rpc")) {
            rpc.run();
        }
        if (only.contains("registry")) {
            registry.run();
        }
        if (only.contains("fanout")) {
            fanout.run();
        }

        List<String> checks = new TargetChecks(summary).evaluate();
        summary.writeTsv(out.resolve("summary.tsv"));
        Files.writeString(out.resolve("summary.md"), header.replace("\n", "  \n") + "\n" + summary.markdown()
                + "\nTargets:\n\n" + String.join("\n", checks.stream().map(c -> "- " + c).toList()) + "\n",
                StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(summary.table());
        System.out.println();
        checks.forEach(System.out::println);
        System.out.println();
        System.out.println("wrote " + out.resolve("summary.tsv") + " and summary.md; JMH logs in " + BenchOutput.logDir());
        System.exit(progress.failures() == 0 ? 0 : 1);
    }

    private static String describeRun(String plan, String args) {
        return "tinysns benchmarks, " + plan + "\n"
                + "date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n"
                + "machine: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "\n"
                + "jdk: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\n"
                + "load average at start: " + loadAverage() + "\n"
                + "command: scripts/bench.sh" + (args.isEmpty() ? "" : " " + args) + "\n";
    }

    /** The 1, 5 and 15 minute load averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }

    /** Side files are appended to by the forks: start each run from none. */
    private static void clearPreviousRun(Path out) throws IOException {
        for (String name : List.of("rpc-costs.tsv", "fanout.tsv", "summary.tsv", "summary.md")) {
            Files.deleteIfExists(out.resolve(name));
        }
        BenchOutput.deleteTree(out.resolve("logs"));
    }
}
