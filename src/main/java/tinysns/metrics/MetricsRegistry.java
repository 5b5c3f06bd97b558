package tinysns.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * The metrics of one process, grouped in families (one name, one type, one help text, several label sets), in the
 * order they were registered. Written out by {@link PrometheusText}.
 */
public final class MetricsRegistry {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    enum Type { COUNTER, GAUGE, HISTOGRAM }

    record Family(String name, String help, Type type, Map<Labels, Object> children) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    public synchronized Counter counter(String name, String help, String... labelPairs) {
        return (Counter) child(name, help, Type.COUNTER, Labels.of(labelPairs), Counter::new);
    }

    public synchronized void gauge(String name, String help, DoubleSupplier value, String... labelPairs) {
        child(name, help, Type.GAUGE, Labels.of(labelPairs), () -> value);
    }

    public synchronized Histogram histogram(String name, String help, double[] upperBounds, String... labelPairs) {
        return (Histogram) child(name, help, Type.HISTOGRAM, Labels.of(labelPairs), () -> new Histogram(upperBounds));
    }

    synchronized List<Family> families() {
        List<Family> copy = new ArrayList<>();
        for (Family f : families.values()) {
            copy.add(new Family(f.name(), f.help(), f.type(), new LinkedHashMap<>(f.children())));
        }
        return copy;
    }

    private Object child(String name, String help, Type type, Labels labels, java.util.function.Supplier<Object> make) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid metric name: " + name);
        }
        for (String label : labels.names()) {
            if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__") || label.equals("le")) {
                throw new IllegalArgumentException("not a valid label name for " + name + ": " + label);
            }
        }
        Family family = families.computeIfAbsent(name, n -> new Family(n, help, type, new LinkedHashMap<>()));
        if (family.type() != type) {
            throw new IllegalArgumentException(name + " is already a " + family.type());
        }
        return family.children().computeIfAbsent(labels, l -> make.get());
    }

    /** An ordered set of label name/value pairs. */
    record Labels(List<String> names, List<String> values) {

        static Labels of(String... pairs) {
            if (pairs.length % 2 != 0) {
                throw new IllegalArgumentException("labels come in name/value pairs");
            }
            List<String> names = new ArrayList<>();
            List<String> values = new ArrayList<>();
            for (int i = 0; i < pairs.length; i += 2) {
                names.add(pairs[i]);
                values.add(pairs[i + 1]);
            }
            return new Labels(List.copyOf(names), List.copyOf(values));
        }
    }
}
