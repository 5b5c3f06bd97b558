package tinysns.bench.roles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import tinysns.protocol.WireLimits;
import tinysns.server.SnsServer;
import tinysns.server.SnsServerOptions;

/**
 * The product's SNS service as a tsd runs it (one I/O thread per core, the default push buffer, files fsynced
 * before every reply), on loopback, port 0, without heartbeats: the coordinator plays no part in a fan-out.
 */
public final class SnsRoleServer implements RunningServer {

    private final SnsServer server;

    private SnsRoleServer(SnsServer server) {
        this.server = server;
    }

    public static SnsRoleServer start(Path dataDir) {
        try {
            return new SnsRoleServer(SnsServer.start(new SnsServerOptions("127.0.0.1", 0, dataDir,
                    Math.max(1, Runtime.getRuntime().availableProcessors()), WireLimits.DEFAULT,
                    SnsServerOptions.DEFAULT_PUSH_BUFFER_BYTES, Clock.systemUTC())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SNS server on " + dataDir, e);
        }
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
    }
}
