package tinysns.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One private {@link RabbitBroker} for a whole test class, since a start and a stop take several seconds: started
 * before the first test (the class is skipped where rabbitmq-server is not installed), its synchronizer queues
 * emptied before each test, stopped and its folder deleted after the last. Register it on a static field with
 * {@code @RegisterExtension}.
 */
public final class ClassBroker implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private Path dir;
    private RabbitBroker broker;

    public RabbitBroker broker() {
        return broker;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        assumeTrue(RabbitBroker.installed(), "rabbitmq-server is not installed");
        dir = Files.createTempDirectory("tinysns-broker");
        broker = RabbitBroker.start(dir);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        broker.purgeSyncQueues();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (broker != null) {
            broker.close();
        }
        if (dir != null) {
            TempFolders.delete(dir);
        }
    }
}
