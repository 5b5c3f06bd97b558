package tinysns.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tinysns.metrics.MetricsPageTest.sample;
import static tinysns.testing.PatientRpc.PATIENT;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tinysns.http.HttpEndpoint;
import tinysns.metrics.MetricsPageTest;
import tinysns.protocol.proto.Envelope;
import tinysns.rpc.RpcClient;
import tinysns.testing.NoLeaks;
import tinysns.testing.PatientRpc;

/** A real in-process server's {@code /metrics}, read over HTTP as Prometheus would. */
@ExtendWith(NoLeaks.class)
class ServerMetricsTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final PatientRpc rpc = new PatientRpc();
    private final RpcClient client = rpc.client();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> open = new ArrayList<>();
    private HttpEndpoint endpoint;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private SnsServer start(SnsServerOptions options) throws Exception {
        SnsServer server = track(SnsServer.start(options));
        endpoint = track(HttpEndpoint.start("127.0.0.1", 0, server.metrics().routes()));
        return server;
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private String metrics() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("content-type").orElse(""));
        return response.body();
    }

    @Test
    void everyServerMetricIsPresentInValidExpositionFormatAndStartsAtZero() throws Exception {
        start(SnsServerOptions.forTests(dir));
        String text = metrics();
        MetricsPageTest.assertValidExposition(text);
        assertEquals("gauge", typeOf(text, "tinysns_server_connected_clients"));
        assertEquals("histogram", typeOf(text, "tinysns_server_fsync_seconds"));
        for (String counter : new String[] {"tinysns_server_posts_total", "tinysns_server_follows_total",
                "tinysns_server_unfollows_total", "tinysns_server_timeline_pushes_dropped_total"}) {
            assertEquals("counter", typeOf(text, counter));
            assertEquals(0, sample(text, counter), counter);
        }
        assertEquals(0, sample(text, "tinysns_server_connected_clients"));
        assertEquals(0, sample(text, "tinysns_server_fsync_seconds_count"));
    }

    @Test
    void countersMoveWithPostsFollowsAndUnfollowsAndEveryCommitsFsyncIsTimed() throws Exception {
        SnsServer server = start(SnsServerOptions.forTests(dir));
        SnsConnection one = track(SnsConnection.loggedIn(client, server.port(), 1));
        SnsConnection two = track(SnsConnection.loggedIn(client, server.port(), 2));
        one.follow(2).join();
        one.unfollow(2).join();
        one.follow(2).join();
        two.post("first").join();
        two.post("second").join();

        String text = metrics();
        MetricsPageTest.assertValidExposition(text);
        assertEquals(2, sample(text, "tinysns_server_connected_clients"));
        assertEquals(2, sample(text, "tinysns_server_posts_total"));
        assertEquals(2, sample(text, "tinysns_server_follows_total"));
        assertEquals(1, sample(text, "tinysns_server_unfollows_total"));
        // Two new users, three follow changes and two posts, each confirmed after its own commit.
        double fsyncs = sample(text, "tinysns_server_fsync_seconds_count");
        assertTrue(fsyncs >= 7, "one fsync per confirmed change at least: " + fsyncs);
        assertEquals(fsyncs, sample(text, "tinysns_server_fsync_seconds_bucket{le=\"+Inf\"}"));
        assertTrue(sample(text, "tinysns_server_fsync_seconds_sum") > 0, "fsync takes some time");

        two.close();
        await().atMost(PATIENT).until(() -> sample(metrics(), "tinysns_server_connected_clients") == 1);
    }

    @Test
    void eachTimelinePushDroppedForAFollowerThatDoesNotReadIsCountedOnce() throws Exception {
        SnsServer server = start(SnsServerOptions.forTests(dir).withPushBufferBytes(1024));
        SnsConnection author = track(SnsConnection.loggedIn(client, server.port(), 1));
        StalledFollower follower = track(StalledFollower.open(server.port(), 2, 1)).awaitTimelineOpen();
        String text = "x".repeat(ServiceLimits.DEFAULT_MAX_POST_LENGTH);
        int posts = 0;
        // Until the stalled follower's socket buffers are full; a few MB at most.
        for (int batch = 0; batch < 300 && server.droppedPushes() == 0; batch++) {
            List<CompletableFuture<Envelope>> replies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                replies.add(author.post(text));
            }
            replies.forEach(CompletableFuture::join);
            posts += replies.size();
        }
        assertTrue(server.droppedPushes() > 0, "the stalled follower's pushes were dropped");
        assertEquals(server.droppedPushes(), sample(metrics(), "tinysns_server_timeline_pushes_dropped_total"));
        // Every post was either pushed (and is read now) or dropped, and a dropped one is counted once, not twice.
        int received = follower.readTimelinePosts(Duration.ofSeconds(3));
        assertEquals(posts, received + sample(metrics(), "tinysns_server_timeline_pushes_dropped_total"),
                received + " received of " + posts + " posted");
    }

    private static String typeOf(String text, String family) {
        Matcher m = Pattern.compile("^# TYPE " + Pattern.quote(family) + " (\\w+)$", Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), "no family " + family + " in\n" + text);
        return m.group(1);
    }
}
