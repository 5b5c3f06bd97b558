package tinysns.bench.sync;

import io.netty.util.HashedWheelTimer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import tinysns.bench.harness.BenchOutput;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.Request;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

/**
 * Cross-cluster delivery (docs/SYNCHRONIZERS.md): user 2 of cluster 2 posts, user 1 of cluster 1 follows 2 with
 * an open timeline; each post's delay is from its acknowledgement to user 2 to its arrival on user 1's timeline, on
 * one clock. Run at steady rates up to 2,000 posts/s (the target), then with 256 posts in flight, where the author's
 * server takes posts faster than they cross: its delivered/s is the highest rate the system holds, and its delays
 * are queueing. The course's design re-reads files every 30 s, so its delay is uniform over 0-30 s whatever the
 * rate: the baseline row states that model (p50 15 s, p99 29.7 s, max 30 s); it is not run. Each row is printed as
 * its step ends. Usage: {@code CrossClusterDelivery <amqp://host:port> [--quick]}.
 */
public final class CrossClusterDelivery {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final RpcConnection author;
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    private AtomicLongArray acked;
    private AtomicLongArray arrived;
    private final AtomicInteger arrivals = new AtomicInteger();
    private volatile int offset;

    private CrossClusterDelivery(RpcConnection author) {
        this.author = author;
    }

    public static void main(String[] args) throws Exception {
        URI broker = URI.create(args[0]);
        boolean quick = args.length > 1 && args[1].equals("--quick");
        Path dir = Files.createTempDirectory("tinysns-sync-bench");
        HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
        // Keep-alive pings, as tsc sends them: a server closes a timeline connection that sends nothing for 30 s.
        RpcClient rpc = new RpcClient(timer, RpcClientOptions.DEFAULT.withRequestTimeout(WAIT));
        StringBuilder report = new StringBuilder();
        row(report, "| load | posts | delivered/s | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
        row(report, "| course design, files re-read every 30 s (model, not run) | any | any | 15,000 | 29,700 | 30,000 |\n");
        try (CrossClusterSystem system = new CrossClusterSystem(dir, broker)) {
            RpcConnection reader = login(rpc, system.serverPort(1), 1);
            RpcConnection author = login(rpc, system.serverPort(2), 2);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!reader.call(Envelope.newBuilder().setList(Request.getDefaultInstance())).join()
                    .getListReply().getAllUsersList().contains("2")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("user 2 never reached cluster 1");
                }
                Thread.sleep(50); // polling a benchmark's set-up, not a measurement
            }
            reader.call(Envelope.newBuilder().setFollow(Request.newBuilder().addArguments("2"))).join();
            CrossClusterDelivery bench = new CrossClusterDelivery(author);
            reader.openStream(Envelope.newBuilder().setTimeline(Request.getDefaultInstance()),
                    push -> bench.arrived(push.getTimelinePost().getMsg())).join();
            int seconds = quick ? 5 : 15;
            // The first thousands of posts run while the JIT compiles the path: shown, not a target.
            bench.steady(1000, 3, report, "warm-up, 1,000/s while the JIT compiles");
            bench.steady(200, seconds, report, "steady 200 posts/s");
            bench.steady(1000, seconds, report, "steady 1,000 posts/s");
            bench.steady(2000, seconds, report, "steady 2,000 posts/s");
            bench.steady(3000, seconds, report, "steady 3,000 posts/s");
            bench.flat(256, seconds, report, "256 in flight: delivered/s is the highest rate held; delays are queueing");
            bench.pacer.shutdownNow();
        } finally {
            rpc.close();
            timer.stop();
        }
        Files.writeString(BenchOutput.dir().resolve("sync.md"), report.toString(), StandardCharsets.UTF_8);
    }

    /** Prints a row at once (a step can take a while) and keeps it for sync.md. */
    private static void row(StringBuilder report, String row) {
        System.out.print(row);
        System.out.flush();
        report.append(row);
    }

    private static RpcConnection login(RpcClient rpc, int port, int user) {
        RpcConnection connection = rpc.connect("127.0.0.1", port).join();
        connection.call(Envelope.newBuilder().setLogin(Request.newBuilder().setUsername(Integer.toString(user)))).join();
        return connection;
    }

    private void begin(int posts) {
        acked = new AtomicLongArray(posts);
        arrived = new AtomicLongArray(posts);
        arrivals.set(0);
    }

    private void arrived(String text) {
        long now = System.nanoTime();
        int n = Integer.parseInt(text.substring(1)) - offset;
        if (n >= 0 && n < arrived.length() && arrived.compareAndSet(n, 0, now)) {
            arrivals.incrementAndGet();
        }
    }

    private void post(int n) {
        author.call(Envelope.newBuilder().setPost(Message.newBuilder().setMsg("p" + (offset + n))))
                .thenRun(() -> acked.set(n, System.nanoTime()));
    }

    private void steady(int rate, int seconds, StringBuilder report, String load) throws InterruptedException {
        int posts = rate * seconds;
        begin(posts);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        var task = pacer.scheduleAtFixedRate(() -> {
            int n = next.getAndIncrement();
            if (n < posts) {
                post(n);
            }
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        awaitArrivals(posts);
        task.cancel(false);
        record(report, load, posts, start);
    }

    private void flat(int inFlight, int seconds, StringBuilder report, String load) throws InterruptedException {
        int posts = 200_000;
        begin(posts);
        Semaphore window = new Semaphore(inFlight);
        long start = System.nanoTime();
        long stop = start + TimeUnit.SECONDS.toNanos(seconds);
        int sent = 0;
        while (System.nanoTime() < stop && sent < posts) {
            window.acquire();
            int n = sent++;
            author.call(Envelope.newBuilder().setPost(Message.newBuilder().setMsg("p" + (offset + n))))
                    .whenComplete((reply, failure) -> {
                        acked.set(n, System.nanoTime());
                        window.release();
                    });
        }
        awaitArrivals(sent);
        record(report, load, sent, start);
    }

    private void awaitArrivals(int posts) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos() + TimeUnit.SECONDS.toNanos(posts / 500);
        while (arrivals.get() < posts && System.nanoTime() < deadline) {
            Thread.sleep(20); // waiting for the run's tail, not measuring
        }
    }

    private void record(StringBuilder report, String load, int posts, long start) {
        long[] delays = new long[posts];
        int count = 0;
        long last = start;
        for (int i = 0; i < posts; i++) {
            long ack = acked.get(i);
            long arrival = arrived.get(i);
            if (ack != 0 && arrival != 0) {
                delays[count++] = Math.max(0, arrival - ack);
                last = Math.max(last, arrival);
            }
        }
        long[] sorted = Arrays.copyOf(delays, count);
        Arrays.sort(sorted);
        double perSecond = count / ((last - start) / 1e9);
        row(report, String.format("| %s | %,d of %,d | %,.0f | %.1f | %.1f | %.1f |%n", load, count, posts, perSecond,
                ms(sorted, 0.50), ms(sorted, 0.99), count == 0 ? 0 : sorted[count - 1] / 1e6));
        offset += posts;
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
