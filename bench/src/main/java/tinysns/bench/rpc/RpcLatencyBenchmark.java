package tinysns.bench.rpc;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Round-trip time of one call with exactly one request in flight on one connection, the server in a JVM of its
 * own. JMH samples the calls and reports their percentiles (p50, p99, p99.9) in microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RpcLatencyBenchmark {

    @Param({"tinysns", "grpc_tuned", "grpc_default", "floor"})
    public String target;

    @Param({"heartbeat", "getserver"})
    public String op;

    private RpcFixture fixture;
    private Op call;
    private int slot;

    @Setup(Level.Trial)
    public void startServer() {
        fixture = RpcFixture.start(Target.of(target), 1, Op.of(op));
        call = Op.of(op);
    }

    @Benchmark
    public void call() {
        call.sendAndWait(fixture.calls, slot);
        slot = (slot + 1) % SlotCount.SLOTS;
    }

    @TearDown(Level.Trial)
    public void stop() {
        fixture.close();
    }
}
