package tinysns.bench.rpc;

/**
 * What answers the calls: the product, gRPC-java with its defaults or tuned, or the echo floor. Each names the
 * server role its child JVM runs ({@code RoleMain}) and how the benchmark's client talks to it.
 */
public enum Target {
    /** The product's coordinator, called through the product's RpcConnection. */
    TINYSNS("tinysns", "tinysns"),
    /** gRPC-java as most users run it: calls handed to the default executors on both sides. */
    GRPC_DEFAULT("grpc_default", "grpc-default"),
    /** gRPC-java with {@code directExecutor()} on the server and on the channel. */
    GRPC_TUNED("grpc_tuned", "grpc-tuned"),
    /** A raw Netty echo of the same frames, called through the product's RpcConnection (an echoed request parses as its reply). */
    FLOOR("floor", "echo");

    private final String param;
    private final String role;

    Target(String param, String role) {
        this.param = param;
        this.role = role;
    }

    /** The JMH parameter value. */
    public String param() {
        return param;
    }

    /** The argument of {@code RoleMain}. */
    public String role() {
        return role;
    }

    public CoordinatorCalls connect(int port, int connections) {
        return switch (this) {
            case TINYSNS, FLOOR -> TinysnsCalls.connect(port, connections);
            case GRPC_DEFAULT -> GrpcCalls.connect(port, connections, false);
            case GRPC_TUNED -> GrpcCalls.connect(port, connections, true);
        };
    }

    public static Target of(String param) {
        for (Target target : values()) {
            if (target.param.equals(param)) {
                return target;
            }
        }
        throw new IllegalArgumentException("unknown target " + param);
    }
}
