// Takeover time of the coordinators led through ZooKeeper (docs/LEADERSHIP.md): from kill -9 of the leader to the
// first client assignment served by the new one, over repeated runs. Started by bench/takeover.sh, which gives it
// the product jar; it starts ZooKeeper, three coordinators and one server through the project's own scripts,
// on 127.0.0.1 only, and stops them all when it ends.
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.ID;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;
import tinysns.rpc.RpcConnection;

public final class Takeover {

    private static final Duration POLL = Duration.ofMillis(10);

    private final Path home;
    private final Path work;
    private final int firstPort;
    private final String session;
    private final List<Process> started = new ArrayList<>();
    private final Process[] coordinators = new Process[3];
    private final RpcClient rpc = new RpcClient("takeover-rpc",
            RpcClientOptions.DEFAULT.withoutKeepAlive().withRequestTimeout(Duration.ofMillis(500)));

    private Takeover(Path home, Path work, int firstPort, String session) {
        this.home = home;
        this.work = work;
        this.firstPort = firstPort;
        this.session = session;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        int firstPort = Integer.parseInt(args[2]);
        String session = args[3];
        Path work = Files.createTempDirectory("tinysns-takeover");
        Takeover bench = new Takeover(home, work, firstPort, session);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
        try {
            bench.run(runs);
        } finally {
            bench.stopAll();
        }
    }

    private void run(int runs) throws Exception {
        int zk = firstPort;
        started.add(start("zookeeper", "scripts/zookeeper.sh", "-p", "" + zk, "--data-dir", work.resolve("zk").toString()));
        awaitAnswer(zk, Duration.ofSeconds(60), "ZooKeeper");
        String list = "";
        for (int i = 0; i < 3; i++) {
            coordinators[i] = startCoordinator(i);
            list += (i > 0 ? "," : "") + "127.0.0.1:" + port(i);
        }
        started.add(start("tsd", "scripts/tsd.sh", "-c", "1", "-s", "1", "--coordinators", list, "-p", "" + (firstPort + 9),
                "--bind", "127.0.0.1", "--hostname", "127.0.0.1", "--data-dir", work.resolve("server_1_1").toString()));
        long[] millis = new long[runs];
        for (int run = 0; run < runs; run++) {
            int leader = awaitLeader(Duration.ofSeconds(60));
            awaitFollowersReady(leader);
            coordinators[leader].destroyForcibly(); // SIGKILL
            long killed = System.nanoTime();
            int next = -1;
            while (next < 0) {
                for (int i = 0; i < 3 && next < 0; i++) {
                    if (i != leader && assigns(i)) {
                        next = i;
                    }
                }
                if (System.nanoTime() - killed > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException("no coordinator took over within 60 s");
                }
                Thread.sleep(POLL.toMillis());
            }
            millis[run] = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("run %d: killed 127.0.0.1:%d, 127.0.0.1:%d assigned after %d ms%n", run + 1, port(leader),
                    port(next), millis[run]);
            coordinators[leader].waitFor(10, TimeUnit.SECONDS);
            coordinators[leader] = startCoordinator(leader);
        }
        Arrays.sort(millis);
        System.out.printf("takeover over %d runs (session timeout %s s): p50 %d ms, max %d ms, min %d ms%n", runs, session,
                millis[(runs - 1) / 2], millis[runs - 1], millis[0]);
    }

    private int port(int coordinator) {
        return firstPort + 1 + coordinator;
    }

    private Process startCoordinator(int i) throws Exception {
        Process p = start("coordinator-" + (i + 1) + "-" + System.nanoTime(), "scripts/coordinator.sh", "-p", "" + port(i),
                "--bind", "127.0.0.1", "--hostname", "127.0.0.1", "--http-port", "off", "--zookeeper",
                "127.0.0.1:" + firstPort, "--session-timeout", session);
        started.add(p);
        return p;
    }

    /** The coordinator that answers an assignment. */
    private int awaitLeader(Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 3; i++) {
                if (assigns(i)) {
                    return i;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no coordinator assigned user 1 within " + wait.toSeconds() + " s");
    }

    /** Both followers up and naming the leader, so each run starts from the same state. */
    private void awaitFollowersReady(int leader) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < 3; i++) {
            while (i != leader && !names(i, "127.0.0.1:" + port(leader))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("127.0.0.1:" + port(i) + " does not follow 127.0.0.1:" + port(leader));
                }
                Thread.sleep(100);
            }
        }
        Thread.sleep(1_000); // the server's heartbeats settle on the leader
    }

    private boolean assigns(int i) {
        Envelope reply = ask(port(i));
        return reply != null && reply.hasServerInfo();
    }

    private boolean names(int i, String leader) {
        Envelope reply = ask(port(i));
        return reply != null && reply.hasNotLeader() && reply.getNotLeader().getLeader().equals(leader);
    }

    private Envelope ask(int port) {
        try (RpcConnection c = rpc.connect("127.0.0.1", port).get(500, TimeUnit.MILLISECONDS)) {
            return c.call(Envelope.newBuilder().setGetServer(ID.newBuilder().setId(1))).get(500, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private void awaitAnswer(int port, Duration wait, String what) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(what + " did not listen on " + port + " within " + wait.toSeconds() + " s");
    }

    private Process start(String name, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve(script).toString());
        command.addAll(List.of(args));
        File log = work.resolve(name + ".log").toFile();
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log).start();
    }

    private void stopAll() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        rpc.close();
    }
}
