package tinysns.bench.roles;

/** A server role running in this process, listening on {@link #port()}. */
public interface RunningServer extends AutoCloseable {

    int port();

    @Override
    void close();
}
