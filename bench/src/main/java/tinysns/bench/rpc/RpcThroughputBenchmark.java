package tinysns.bench.rpc;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import tinysns.bench.harness.BenchOutput;
import tinysns.bench.harness.ProcessCosts;

/**
 * Calls per second with 4 connections x 64 requests in flight each, the server in a JVM of its own. Besides the
 * score, every measurement iteration appends the CPU time, write/read system calls and heap bytes that each side
 * spent per call to {@code rpc-costs.tsv}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RpcThroughputBenchmark {

    /** Calls per benchmark invocation: small enough to end an iteration on time, big enough to wake up rarely. */
    static final int BATCH = 2_000;
    public static final String COSTS_FILE = "rpc-costs.tsv";

    @Param({"tinysns", "grpc_tuned", "grpc_default", "floor"})
    public String target;

    @Param({"heartbeat", "getserver"})
    public String op;

    private RpcFixture fixture;
    private ClosedLoop loop;
    private ProcessCosts clientBefore;
    private ProcessCosts serverBefore;
    private long completedBefore;
    private long failedBefore;

    @Setup(Level.Trial)
    public void startServerAndLoad() {
        fixture = RpcFixture.start(Target.of(target), SlotCount.CONNECTIONS, Op.of(op));
        loop = new ClosedLoop(fixture.calls, Op.of(op), SlotCount.CONNECTIONS, SlotCount.IN_FLIGHT_PER_CONNECTION);
        loop.start();
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        if (iteration.getType() == IterationType.MEASUREMENT) {
            completedBefore = loop.completed();
            failedBefore = loop.failed();
            clientBefore = ProcessCosts.ofThisProcess();
            serverBefore = fixture.server.costs();
        }
        loop.markStart();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void calls() {
        loop.awaitNext(BATCH);
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        if (iteration.getType() != IterationType.MEASUREMENT) {
            return;
        }
        ProcessCosts server = serverBefore.until(fixture.server.costs());
        ProcessCosts client = clientBefore.until(ProcessCosts.ofThisProcess());
        BenchOutput.appendLine(COSTS_FILE, target, op, loop.completed() - completedBefore, loop.failed() - failedBefore,
                client.cpuNanos(), server.cpuNanos(), client.writeSyscalls(), server.writeSyscalls(),
                client.readSyscalls(), server.readSyscalls(), client.allocatedBytes(), server.allocatedBytes());
    }

    @TearDown(Level.Trial)
    public void stop() {
        loop.stop();
        if (loop.failed() > 0) {
            System.err.println("WARNING: " + loop.failed() + " calls failed; the first: " + loop.firstFailure());
        }
        fixture.close();
    }
}
