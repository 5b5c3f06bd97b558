package tinysns.testing;

import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tinysns.rpc.RpcClient;
import tinysns.rpc.RpcClientOptions;

/**
 * The RPC client of a test that talks to a real in-process role: its own 10 ms wheel, no keep-alive, and a patient
 * request timeout, because replies wait on an fsync that a loaded machine can make slower than the 3 s default.
 * Register it on a field with {@code @RegisterExtension}: it is closed after each test, after the test's own
 * {@code @AfterEach} methods.
 */
public final class PatientRpc implements AutoCloseable, AfterEachCallback {

    public static final Duration PATIENT = Duration.ofSeconds(30);

    private final HashedWheelTimer timer = new HashedWheelTimer(10, TimeUnit.MILLISECONDS);
    private final RpcClient client = new RpcClient(timer,
            RpcClientOptions.DEFAULT.withoutKeepAlive().withRequestTimeout(PATIENT));

    public RpcClient client() {
        return client;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        client.close();
        timer.stop();
    }
}
