package tinysns.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** What a route answers: a status, a content type and a body. */
public record HttpReply(HttpResponseStatus status, String contentType, byte[] body) {

    public static HttpReply ok(String contentType, String body) {
        return new HttpReply(HttpResponseStatus.OK, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpReply json(String body) {
        return ok("application/json; charset=utf-8", body);
    }

    public static HttpReply text(HttpResponseStatus status, String body) {
        return new HttpReply(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }
}
