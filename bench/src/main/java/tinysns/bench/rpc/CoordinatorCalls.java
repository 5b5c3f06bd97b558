package tinysns.bench.rpc;

/**
 * The client side of the two coordinator calls under test, over one transport, on a few open connections.
 * Slots name the registered servers that heartbeat ({@link BenchServers}).
 */
public interface CoordinatorCalls extends AutoCloseable {

    /** Sends the heartbeat of {@code slot} on {@code connection}; {@code done} is told when its reply arrives. */
    void heartbeat(int connection, int slot, CallDone done);

    /** Asks on {@code connection} for the server of client {@code clientId}. */
    void getServer(int connection, int clientId, CallDone done);

    /** One heartbeat on connection 0, waited for on the calling thread (the one-in-flight latency path). */
    void heartbeatAndWait(int slot);

    /** One get-server on connection 0, waited for on the calling thread. */
    void getServerAndWait(int clientId);

    @Override
    void close();
}
