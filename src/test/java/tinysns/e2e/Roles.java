package tinysns.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Starts the coordinator and servers through their scripts on 127.0.0.1, for the hardening tests, and kills every
 * process it started on {@link #close()}. JVMs start with the flags of {@link QuickStart}, because
 * these tests start many of them on a small, shared machine.
 */
final class Roles implements AutoCloseable {

    static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    static final Pattern REGISTERED = Pattern.compile("registered with coordinator");

    private final Path workDir;
    private final List<ScriptProcess> started = new ArrayList<>();

    Roles(Path workDir) {
        this.workDir = workDir;
    }

    record Running(ScriptProcess process, int port) {
    }

    /** A coordinator on a free port of 127.0.0.1, dashboard off unless {@code extraArgs} turn it on. */
    Running coordinator(Map<String, String> environment, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("-p", "0", "--bind", "127.0.0.1"));
        if (!List.of(extraArgs).contains("--http-port")) {
            args.addAll(List.of("--http-port", "off"));
        }
        args.addAll(List.of(extraArgs));
        ScriptProcess process = start(environment, "scripts/coordinator.sh", args);
        int port = Integer.parseInt(process.awaitStderr(LISTENING, ScriptProcess.STARTUP).group(1));
        return new Running(process, port);
    }

    /** A server of {@code cluster} (server ID 1) on 127.0.0.1:{@code port}; does not wait for it. */
    ScriptProcess server(Map<String, String> environment, int cluster, int coordinatorPort, int port, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("-c", Integer.toString(cluster), "-s", "1", "-h", "127.0.0.1",
                "-k", Integer.toString(coordinatorPort), "-p", Integer.toString(port), "--bind", "127.0.0.1",
                "--hostname", "127.0.0.1"));
        args.addAll(List.of(extraArgs));
        return start(environment, "scripts/tsd.sh", args);
    }

    /** As {@link #server}, waiting until the coordinator has accepted its first heartbeat. */
    ScriptProcess registeredServer(Map<String, String> environment, int cluster, int coordinatorPort, int port,
                                   String... extraArgs) {
        ScriptProcess server = server(environment, cluster, coordinatorPort, port, extraArgs);
        server.awaitStderr(REGISTERED, ScriptProcess.STARTUP);
        return server;
    }

    ScriptProcess start(Map<String, String> environment, String script, List<String> args) {
        Map<String, String> env = new HashMap<>(environment);
        env.putIfAbsent("TINYSNS_JAVA_OPTS", QuickStart.flags());
        ScriptProcess process = ScriptProcess.start(workDir, env, script, args.toArray(String[]::new));
        started.add(process);
        return process;
    }

    @Override
    public void close() {
        started.forEach(ScriptProcess::close);
    }
}
