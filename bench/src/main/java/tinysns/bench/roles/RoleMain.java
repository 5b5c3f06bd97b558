package tinysns.bench.roles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import tinysns.bench.harness.ProcessCosts;
import tinysns.coordinator.CoordinatorSettings;

/**
 * The server side of a benchmark, in a JVM of its own.
 * Usage: {@code RoleMain <tinysns|grpc-default|grpc-tuned|echo>} or {@code RoleMain sns <data directory>}.
 * Prints {@code PORT <n>} once listening; then answers each {@code STATS} line on stdin with
 * {@code STATS <cpuNanos> <writeSyscalls> <readSyscalls> <allocatedBytes>}; stops when stdin closes.
 */
public final class RoleMain {

    private RoleMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args[0].equals("sns") != (args.length == 2)) {
            System.err.println("usage: RoleMain <tinysns|grpc-default|grpc-tuned|echo> | RoleMain sns <data directory>");
            System.exit(2);
        }
        try (RunningServer server = start(args)) {
            System.out.println("PORT " + server.port());
            System.out.flush();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.trim().equals("STATS")) {
                    System.out.println("STATS " + ProcessCosts.ofThisProcess().encode());
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }

    static RunningServer start(String[] args) {
        return switch (args[0]) {
            case "tinysns" -> TinysnsCoordinatorServer.start();
            case "grpc-default" -> GrpcCoordinatorServer.start(false);
            case "grpc-tuned" -> GrpcCoordinatorServer.start(true);
            // As many I/O threads as the coordinator serves with.
            case "echo" -> EchoFloorServer.start(CoordinatorSettings.defaults().ioThreads());
            case "sns" -> SnsRoleServer.start(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown role " + args[0]);
        };
    }
}
