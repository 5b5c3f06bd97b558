package tinysns.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RabbitBrokerTest {

    @TempDir
    Path dir;

    @Test
    void aPersistentMessageOnADurableQueueSurvivesARestartAndTheBrokerIsGoneAfterStop() throws Exception {
        assumeTrue(RabbitBroker.installed(), "rabbitmq-server is not installed");
        ConnectionFactory factory = new ConnectionFactory();
        try (RabbitBroker broker = RabbitBroker.start(dir)) {
            factory.setUri(broker.uri());
            try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
                channel.queueDeclare("kept", true, false, false, Map.of());
                channel.confirmSelect();
                channel.basicPublish("", "kept", MessageProperties.PERSISTENT_BASIC, "hello".getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(5_000);
            }
            long firstPid = broker.pid();
            broker.restart();
            try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
                GetResponse kept = channel.basicGet("kept", true);
                assertNotNull(kept, "the persistent message was lost by the restart");
                assertEquals("hello", new String(kept.getBody(), StandardCharsets.UTF_8));
            }
            ProcessHandle second = ProcessHandle.of(broker.pid()).orElseThrow();
            assertFalse(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false));
            broker.stop();
            assertFalse(second.isAlive(), "the broker still runs after stop");
        }
    }
}
