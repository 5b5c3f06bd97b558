package tinysns.bench.rpc;

/** The coordinator call a benchmark makes. */
public enum Op {
    HEARTBEAT {
        @Override
        void send(CoordinatorCalls calls, int connection, int slot, CallDone done) {
            calls.heartbeat(connection, slot, done);
        }

        @Override
        void sendAndWait(CoordinatorCalls calls, int slot) {
            calls.heartbeatAndWait(slot);
        }
    },
    GET_SERVER {
        @Override
        void send(CoordinatorCalls calls, int connection, int slot, CallDone done) {
            calls.getServer(connection, BenchServers.clientId(slot), done);
        }

        @Override
        void sendAndWait(CoordinatorCalls calls, int slot) {
            calls.getServerAndWait(BenchServers.clientId(slot));
        }
    };

    abstract void send(CoordinatorCalls calls, int connection, int slot, CallDone done);

    abstract void sendAndWait(CoordinatorCalls calls, int slot);

    /** The JMH parameter value: {@code heartbeat} or {@code getserver}. */
    public static Op of(String name) {
        return switch (name) {
            case "heartbeat" -> HEARTBEAT;
            case "getserver" -> GET_SERVER;
            default -> throw new IllegalArgumentException("unknown op " + name);
        };
    }
}
