package tinysns.metrics;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import tinysns.http.HttpReply;
import tinysns.http.HttpRoutes;

/**
 * {@code /metrics}: one role's registry in Prometheus's text format (version 0.0.4), written by the Prometheus
 * client's own exposition writer. Each role keeps a registry of its own, so several roles can share a JVM (tests).
 */
public final class MetricsPage {

    private static final PrometheusTextFormatWriter WRITER = ExpositionFormats.init().getPrometheusTextFormatWriter();
    /** {@code text/plain; version=0.0.4; charset=utf-8} */
    public static final String CONTENT_TYPE = WRITER.getContentType();

    private MetricsPage() {
    }

    /** The registry as Prometheus scrapes it, taken now. */
    public static HttpReply scrape(PrometheusRegistry registry) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(4096);
        try {
            WRITER.write(text, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return new HttpReply(HttpResponseStatus.OK, CONTENT_TYPE, text.toByteArray());
    }

    /** {@code /metrics} alone, for an {@link tinysns.http.HttpEndpoint}. */
    public static HttpRoutes routes(PrometheusRegistry registry) {
        return new HttpRoutes().get("/metrics", () -> scrape(registry));
    }
}
