package tinysns.bench.rpc;

/** The throughput shape of the issue: 4 connections with 64 requests in flight on each. */
public final class SlotCount {

    public static final int CONNECTIONS = 4;
    public static final int IN_FLIGHT_PER_CONNECTION = 64;
    public static final int SLOTS = CONNECTIONS * IN_FLIGHT_PER_CONNECTION;

    private SlotCount() {
    }
}
