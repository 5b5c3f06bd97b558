package tinysns.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tinysns.rpc.PortInUseException;

class HttpEndpointTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpEndpoint endpoint;

    @BeforeEach
    void start() throws Exception {
        endpoint = HttpEndpoint.start("127.0.0.1", 0, new HttpRoutes()
                .get("/api/thing", () -> HttpReply.json("{\"n\":" + calls.incrementAndGet() + "}")));
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRouteIsAnsweredFreshOnEveryRequest() throws Exception {
        HttpResponse<String> first = send("GET", "/api/thing");
        assertEquals(200, first.statusCode());
        assertEquals("{\"n\":1}", first.body());
        assertTrue(first.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
        assertEquals("{\"n\":2}", send("GET", "/api/thing?x=1").body());
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        assertEquals(404, send("GET", "/nope").statusCode());
        assertEquals(405, send("POST", "/api/thing").statusCode());
    }

    @Test
    void aTakenPortIsReportedAsInUse() {
        PortInUseException taken = assertThrows(PortInUseException.class,
                () -> HttpEndpoint.start("127.0.0.1", endpoint.port(), new HttpRoutes()));
        assertEquals("port " + endpoint.port() + " on 127.0.0.1 is already in use", taken.getMessage());
    }
}
