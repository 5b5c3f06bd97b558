package tinysns.bench.fanout;

import io.netty.util.HashedWheelTimer;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import tinysns.bench.harness.BenchOutput;
import tinysns.bench.harness.ChildJvm;
import tinysns.bench.roles.RoleMain;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Request;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

/**
 * Timeline fan-out: user 1 posts; 1, 10 or 100 followers, each on a connection of its own with its timeline open,
 * receive the post from one real SNS server (in a JVM of its own, files fsynced before the post is confirmed).
 * JMH samples the time from sending a post until every follower has it; each follower's own delivery latency
 * (send to arrival) goes into a histogram whose p50/p99/p99.9 are appended to {@code fanout.tsv}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FanoutBenchmark {

    public static final String RESULTS_FILE = "fanout.tsv";
    private static final long DELIVERY_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String POSTER = "1";

    @Param({"1", "10", "100"})
    public int followers;

    private ChildJvm server;
    private HashedWheelTimer timer;
    private RpcClient client;
    private RpcConnection poster;
    private RpcConnection[] readers;
    private final Recorder deliveries = new Recorder(3);
    private final Histogram measured = new Histogram(3);
    private final AtomicInteger undelivered = new AtomicInteger();
    private volatile long sentAtNanos;
    private volatile boolean recording;
    private volatile Thread waiter;
    private int sequence;

    @Setup(Level.Trial)
    public void connectFollowers() {
        Path dataDir = BenchOutput.dir().resolve("fanout-data").resolve(Integer.toString(followers));
        BenchOutput.deleteTree(dataDir);
        server = ChildJvm.start("server-sns-fanout-" + followers, List.of("-Xms512m", "-Xmx512m"),
                RoleMain.class.getName(), List.of("sns", dataDir.toString()));
        int port = Integer.parseInt(server.awaitLine("PORT"));
        timer = new HashedWheelTimer(new DefaultThreadFactory("request-timeouts", true));
        client = new RpcClient(timer, RpcClientOptions.DEFAULT);
        poster = login(port, POSTER);
        readers = new RpcConnection[followers];
        for (int i = 0; i < followers; i++) {
            String user = Integer.toString(i + 2);
            readers[i] = login(port, user);
            readers[i].call(Envelope.newBuilder().setFollow(Request.newBuilder().setUsername(user).addArguments(POSTER))).join();
            readers[i].openStream(Envelope.newBuilder().setTimeline(Request.newBuilder().setUsername(user)), this::delivered).join();
        }
    }

    private RpcConnection login(int port, String user) {
        RpcConnection connection = client.connect("127.0.0.1", port).orTimeout(10, TimeUnit.SECONDS).join();
        connection.call(Envelope.newBuilder().setLogin(Request.newBuilder().setUsername(user))).join();
        return connection;
    }

    @Setup(Level.Iteration)
    public void startIteration(IterationParams iteration) {
        recording = iteration.getType() == IterationType.MEASUREMENT;
        deliveries.reset();
    }

    @Benchmark
    public Envelope post() {
        undelivered.set(followers);
        waiter = Thread.currentThread();
        sentAtNanos = System.nanoTime();
        CompletableFuture<Envelope> confirmed = poster.call(Envelope.newBuilder()
                .setPost(Message.newBuilder().setUsername(POSTER).setMsg("post " + sequence++)));
        long deadline = sentAtNanos + DELIVERY_TIMEOUT_NANOS;
        while (undelivered.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(undelivered.get() + " of " + followers + " followers did not get the post within 10 s");
            }
            LockSupport.parkNanos(this, 1_000_000L);
        }
        return confirmed.join();
    }

    /** A follower's connection got a timeline push; on that connection's I/O thread. */
    private void delivered(Envelope push) {
        long latencyNanos = System.nanoTime() - sentAtNanos;
        if (recording) {
            deliveries.recordValue(Math.max(1, latencyNanos / 1000));
        }
        if (undelivered.decrementAndGet() == 0) {
            LockSupport.unpark(waiter);
        }
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        if (recording) {
            measured.add(deliveries.getIntervalHistogram());
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        BenchOutput.appendLine(RESULTS_FILE, followers, measured.getTotalCount(), measured.getValueAtPercentile(50),
                measured.getValueAtPercentile(99), measured.getValueAtPercentile(99.9), measured.getMaxValue());
        poster.close();
        for (RpcConnection reader : readers) {
            reader.close();
        }
        client.close();
        timer.stop();
        server.close();
    }
}
