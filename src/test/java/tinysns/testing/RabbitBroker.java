package tinysns.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tinysns.sync.SyncTopology;

/**
 * A private RabbitMQ broker for one test class: Debian's {@code rabbitmq-server} run unprivileged from
 * {@code /usr/lib/rabbitmq/bin} (the {@code /usr/sbin} wrappers switch to the {@code rabbitmq} user), on free ports,
 * with its node name, data, logs and Erlang cookie in a folder of its own. {@link #start} returns once
 * {@code rabbitmqctl await_startup} says it accepts AMQP; {@link #stop} stops it by its PID (SIGTERM, which the
 * script turns into a clean shutdown); {@link #restart} starts it again on the same ports and data, so durable
 * queues and persistent messages must survive. {@link #kill} is kill -9.
 */
public final class RabbitBroker implements AutoCloseable {

    public static final Path BIN = Path.of("/usr/lib/rabbitmq/bin");
    private static final long STARTUP_SECONDS = 90;
    private static final long STOP_SECONDS = 30;

    private final Path dir;
    private final int amqpPort;
    private final Map<String, String> environment;
    private final String nodeName;
    private Process process;

    private RabbitBroker(Path dir, int amqpPort, int distPort, int cliPort) {
        this.dir = dir;
        this.amqpPort = amqpPort;
        this.nodeName = "tinysns" + amqpPort + "@localhost";
        Map<String, String> env = new HashMap<>();
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        // rabbitmqctl's own Erlang node: a port of its own, not the shared default range 35672-35682.
        env.put("RABBITMQ_CTL_DIST_PORT_MIN", Integer.toString(cliPort));
        env.put("RABBITMQ_CTL_DIST_PORT_MAX", Integer.toString(cliPort));
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("broker.pid").toString());
        env.put("HOME", dir.resolve("home").toString()); // the Erlang cookie; rabbitmqctl reads the same one
        this.environment = Map.copyOf(env);
    }

    /** True when Debian's rabbitmq-server is installed, so a test can say why it is skipped. */
    public static boolean installed() {
        return Files.isExecutable(BIN.resolve("rabbitmq-server"));
    }

    /** Starts a broker with its files under {@code dir} and waits until it accepts AMQP. */
    public static RabbitBroker start(Path dir) {
        if (!installed()) {
            throw new IllegalStateException(BIN.resolve("rabbitmq-server") + " is missing: apt-get install rabbitmq-server");
        }
        RabbitBroker broker = new RabbitBroker(dir, freePort(), freePort(), freePort());
        broker.startProcess();
        return broker;
    }

    public int port() {
        return amqpPort;
    }

    public String uri() {
        return "amqp://127.0.0.1:" + amqpPort;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Declares the synchronizers' exchanges and queues for three clusters (docs/SYNCHRONIZERS.md) and empties the
     * queues, so a test that shares this broker with the tests before it finds no change and no resume point of
     * theirs.
     */
    public void purgeSyncQueues() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri());
        try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
            SyncTopology topology = new SyncTopology(3);
            topology.declare(channel);
            for (int c = 1; c <= topology.clusters(); c++) {
                channel.queuePurge(SyncTopology.queueOf(c));
                channel.queuePurge(SyncTopology.publishedQueueOf(c));
            }
            channel.queuePurge(SyncTopology.DEAD);
        }
    }

    /** Stops the broker cleanly by its PID and waits for it to exit. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: the script runs a clean shutdown and waits for it
        try {
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                killTree();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree();
        }
        process = null;
    }

    /** kill -9 of the broker and its Erlang processes: no clean shutdown. */
    public synchronized void kill() {
        if (process != null) {
            killTree();
            process = null;
        }
    }

    /** Stops the broker and starts it again on the same ports and data. */
    public synchronized void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startProcess() {
        try {
            for (String sub : List.of("mnesia", "log", "home")) {
                Files.createDirectories(dir.resolve(sub));
            }
            ProcessBuilder builder = new ProcessBuilder(BIN.resolve("rabbitmq-server").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log/console.log").toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            int code = awaitStartup();
            if (code != 0 || !process.isAlive()) {
                String log = Files.readString(dir.resolve("log/console.log"), StandardCharsets.UTF_8);
                killTree();
                process = null;
                throw new IllegalStateException("RabbitMQ on port " + amqpPort + " did not start (await_startup exit "
                        + code + "); its console:\n" + log.substring(Math.max(0, log.length() - 3000)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start RabbitMQ in " + dir, e);
        }
    }

    /**
     * {@code await_startup} answers 69 (unavailable) while the node has not yet opened its Erlang distribution port,
     * so it is asked again until the broker runs, has died, or the startup time is over.
     */
    private int awaitStartup() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STARTUP_SECONDS);
        int code;
        do {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()));
            code = ctl("await_startup", "--timeout", Long.toString(left));
        } while (code != 0 && process.isAlive() && System.nanoTime() < deadline);
        return code;
    }

    /** Runs rabbitmqctl against this node; returns its exit code. */
    public int ctl(String... args) {
        List<String> command = new ArrayList<>(List.of(BIN.resolve("rabbitmqctl").toString(), "-n", nodeName));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log/rabbitmqctl.log").toFile()));
        builder.environment().putAll(environment);
        try {
            Process ctl = builder.start();
            if (!ctl.waitFor(STARTUP_SECONDS + 30, TimeUnit.SECONDS)) {
                ctl.destroyForcibly();
                return -1;
            }
            return ctl.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void killTree() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
