package tinysns.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Paths an endpoint serves, each answered by a supplier called per request (on an I/O thread: keep it cheap). */
public final class HttpRoutes {

    private final Map<String, Supplier<HttpReply>> routes = new LinkedHashMap<>();

    public HttpRoutes get(String path, Supplier<HttpReply> reply) {
        if (routes.putIfAbsent(path, reply) != null) {
            throw new IllegalStateException("two routes for " + path);
        }
        return this;
    }

    Supplier<HttpReply> find(String path) {
        return routes.get(path);
    }
}
