package tinysns.bench.roles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import tinysns.bench.harness.ProcessCosts;
import tinysns.coordinator.CoordinatorSettings;

/**
 * The server side of an RPC benchmark, in a JVM of its own. Usage: {@code RoleMain <tinysns|grpc-default|grpc-tuned|echo>}.
 * Prints {@code PORT <n>} once listening; then answers each {@code STATS} line on stdin with
 * {@code STATS <cpuNanos> <writeSyscalls> <readSyscalls> <allocatedBytes>}; stops when stdin closes.
 */
public final class RoleMain {

    private RoleMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: RoleMain <tinysns|grpc-default|grpc-tuned|echo>");
            System.exit(2);
        }
        try (RunningServer server = start(args[0])) {
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

    static RunningServer start(String role) {
        return switch (role) {
            case "tinysns" -> TinysnsCoordinatorServer.start();
            case "grpc-default" -> GrpcCoordinatorServer.start(false);
            case "grpc-tuned" -> GrpcCoordinatorServer.start(true);
            // As many I/O threads as the coordinator serves with.
            case "echo" -> EchoFloorServer.start(CoordinatorSettings.defaults().ioThreads());
            default -> throw new IllegalArgumentException("unknown role " + role);
        };
    }
}
