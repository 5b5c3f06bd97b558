package tinysns.metrics;

import java.util.Locale;
import java.util.Map;

/** Writes a registry in the Prometheus text exposition format, version 0.0.4. */
public final class PrometheusText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String write(MetricsRegistry registry) {
        StringBuilder out = new StringBuilder(4096);
        for (MetricsRegistry.Family family : registry.families()) {
            out.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
            out.append("# TYPE ").append(family.name()).append(' ').append(family.type().name().toLowerCase(Locale.ROOT)).append('\n');
            for (Map.Entry<MetricsRegistry.Labels, Object> child : family.children().entrySet()) {
                MetricsRegistry.Labels labels = child.getKey();
                switch (family.type()) {
                    case COUNTER -> sample(out, family.name(), labels, null, ((Counter) child.getValue()).value());
                    case GAUGE -> sample(out, family.name(), labels, null,
                            ((java.util.function.DoubleSupplier) child.getValue()).getAsDouble());
                    case HISTOGRAM -> histogram(out, family.name(), labels, (Histogram) child.getValue());
                }
            }
        }
        return out.toString();
    }

    private static void histogram(StringBuilder out, String name, MetricsRegistry.Labels labels, Histogram histogram) {
        double[] bounds = histogram.upperBounds();
        long[] cumulative = histogram.cumulativeCounts();
        for (int i = 0; i < bounds.length; i++) {
            sample(out, name + "_bucket", labels, number(bounds[i]), cumulative[i]);
        }
        long count = histogram.count();
        sample(out, name + "_bucket", labels, "+Inf", count);
        sample(out, name + "_sum", labels, null, histogram.sum());
        sample(out, name + "_count", labels, null, count);
    }

    private static void sample(StringBuilder out, String name, MetricsRegistry.Labels labels, String le, double value) {
        out.append(name);
        if (!labels.names().isEmpty() || le != null) {
            out.append('{');
            for (int i = 0; i < labels.names().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels.names().get(i)).append("=\"").append(escapeLabelValue(labels.values().get(i))).append('"');
            }
            if (le != null) {
                out.append(labels.names().isEmpty() ? "" : ",").append("le=\"").append(le).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static String escapeLabelValue(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
