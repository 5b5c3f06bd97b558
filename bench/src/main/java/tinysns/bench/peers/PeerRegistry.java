package tinysns.bench.peers;

/**
 * A registry under test, driven the same way for tinysns, etcd and ZooKeeper: simulated servers register, are kept
 * alive at the registry's usual cadence, some stop as a crash would, and a client looks servers up.
 * Servers are numbered from 0 ({@link PeerServers}).
 */
public interface PeerRegistry extends AutoCloseable {

    /** The column this registry's figures go in. */
    String name();

    /** The registry process, whose CPU and memory are measured. */
    long pid();

    /** How its keep-alives go, for the report. */
    String keepAliveCadence();

    /** The most simulated servers this benchmark can run against it on this machine. */
    default int maxServers() {
        return Integer.MAX_VALUE;
    }

    /** Keep-alives the registry refused or did not answer in time so far. */
    long keepAliveFailures();

    /** Registers servers {@code [from, to)} and keeps them alive from then on; returns once every one is registered. */
    void register(int from, int to) throws Exception;

    /** Requests the registry has handled so far: keep-alives and registrations (lookups and death watching aside). */
    long requestsHandled() throws Exception;

    /** Starts telling {@code deaths} about every server the registry shows gone; returns once watching. */
    void watchDeaths(DeathLog deaths) throws Exception;

    /** Stops what {@link #watchDeaths} started, so that later windows do not pay for it. */
    void stopWatchingDeaths() throws Exception;

    /**
     * Sends each of {@code servers} one last keep-alive (its send time goes to {@code deaths}), then stops it the
     * way a crash would: nothing more is sent for it, and nothing says goodbye. Returns once those last keep-alives
     * are acknowledged.
     */
    void stop(int[] servers, DeathLog deaths) throws Exception;

    /** Which server serves user {@code user}: one lookup, waited for. */
    void lookup(int user) throws Exception;

    @Override
    void close();
}
