package tinysns.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import tinysns.rpc.RpcClient;

/**
 * One server on a test's folder and a manual clock, and the users' connections a test opened to it; {@link #close}
 * closes them all and the server.
 */
final class ServedUsers implements AutoCloseable {

    final MutableClock clock = new MutableClock();
    final SnsServer server;
    private final RpcClient client;
    private final List<SnsConnection> connections = new ArrayList<>();

    ServedUsers(Path dir, RpcClient client, UnaryOperator<SnsServerOptions> tuning) throws IOException {
        this.client = client;
        this.server = SnsServer.start(tuning.apply(SnsServerOptions.forTests(dir).withClock(clock)));
    }

    ServedUsers(Path dir, RpcClient client) throws IOException {
        this(dir, client, UnaryOperator.identity());
    }

    /** A connection logged in as {@code id}. */
    SnsConnection user(int id) {
        return kept(SnsConnection.loggedIn(client, server.port(), id));
    }

    /** A connection that has not logged in. */
    SnsConnection anonymous() {
        return kept(SnsConnection.open(client, server.port()));
    }

    private SnsConnection kept(SnsConnection connection) {
        connections.add(connection);
        return connection;
    }

    @Override
    public void close() {
        connections.forEach(SnsConnection::close);
        server.close();
    }
}
