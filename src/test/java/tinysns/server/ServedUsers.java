package tinysns.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tinysns.testing.PatientRpc;
import tinysns.testing.TempFolders;

/**
 * For each test, one server on a folder of its own and a manual clock, and the users' connections the test opened
 * to it; all closed, and the folder removed, after the test. Register it on a field with {@code @RegisterExtension}.
 */
final class ServedUsers implements BeforeEachCallback, AfterEachCallback {

    final MutableClock clock = new MutableClock();
    private final PatientRpc rpc = new PatientRpc();
    private final List<SnsConnection> connections = new ArrayList<>();
    private Path dir;
    private SnsServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("tinysns-served");
        server = SnsServer.start(SnsServerOptions.forTests(dir).withClock(clock));
    }

    /** The server's data folder. */
    Path dir() {
        return dir;
    }

    SnsServer server() {
        return server;
    }

    /** Stops the server and starts it again on the same folder, with {@code tuning} applied to its options. */
    void restart(UnaryOperator<SnsServerOptions> tuning) throws IOException {
        server.close();
        server = SnsServer.start(tuning.apply(SnsServerOptions.forTests(dir).withClock(clock)));
    }

    /** A connection logged in as {@code id}. */
    SnsConnection user(int id) {
        return kept(SnsConnection.loggedIn(rpc.client(), server.port(), id));
    }

    /** A connection that has not logged in. */
    SnsConnection anonymous() {
        return kept(SnsConnection.open(rpc.client(), server.port()));
    }

    private SnsConnection kept(SnsConnection connection) {
        connections.add(connection);
        return connection;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        connections.forEach(SnsConnection::close);
        server.close();
        rpc.close();
        TempFolders.delete(dir);
    }
}
