package tinysns.sync;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * The broker's shape for synchronizers (docs/SYNCHRONIZERS.md), declared (idempotently) by every synchronizer
 * before it publishes or consumes, so that no change is published before every cluster's queue exists:
 * <ul>
 *   <li>exchange {@value #CHANGES} (direct, durable): a cluster's changes are published with routing key
 *       {@code from.c<cluster>};</li>
 *   <li>one durable queue per receiving cluster, {@code tinysns.changes.c<cluster>}, bound to every other cluster's
 *       key; single active consumer, so only one synchronizer applies it at a time, in order; what is rejected goes
 *       to the dead-letter exchange;</li>
 *   <li>exchange {@value #DEAD} (fanout, durable) and its queue {@value #DEAD}: malformed or foreign messages,
 *       kept for a person to read;</li>
 *   <li>one durable queue per cluster, {@code tinysns.published.c<cluster>}, holding only its newest message: the
 *       number up to which that cluster's changes are confirmed, where a new publisher resumes.</li>
 * </ul>
 */
public final class SyncTopology {

    public static final String CHANGES = "tinysns.changes";
    public static final String DEAD = "tinysns.dead";

    private final int clusters;

    public SyncTopology(int clusters) {
        this.clusters = clusters;
    }

    public int clusters() {
        return clusters;
    }

    public static String routingKey(int originCluster) {
        return "from.c" + originCluster;
    }

    public static String queueOf(int cluster) {
        return "tinysns.changes.c" + cluster;
    }

    public static String publishedQueueOf(int cluster) {
        return "tinysns.published.c" + cluster;
    }

    /** The origin cluster a routing key names, or 0 when it names none. */
    public static int originOf(String routingKey) {
        if (routingKey == null || !routingKey.startsWith("from.c")) {
            return 0;
        }
        try {
            return Integer.parseInt(routingKey.substring("from.c".length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(CHANGES, BuiltinExchangeType.DIRECT, true);
        channel.exchangeDeclare(DEAD, BuiltinExchangeType.FANOUT, true);
        channel.queueDeclare(DEAD, true, false, false, Map.of());
        channel.queueBind(DEAD, DEAD, "");
        for (int cluster = 1; cluster <= clusters; cluster++) {
            channel.queueDeclare(queueOf(cluster), true, false, false,
                    Map.of("x-dead-letter-exchange", DEAD, "x-single-active-consumer", true));
            for (int origin = 1; origin <= clusters; origin++) {
                if (origin != cluster) {
                    channel.queueBind(queueOf(cluster), CHANGES, routingKey(origin));
                }
            }
            channel.queueDeclare(publishedQueueOf(cluster), true, false, false,
                    Map.of("x-max-length", 1, "x-overflow", "drop-head"));
        }
    }
}
