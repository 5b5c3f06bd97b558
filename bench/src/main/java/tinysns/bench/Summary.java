package tinysns.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's figures, one row per metric with a cell per column (tinysns, gRPC tuned, floor; or the peers run's
 * tinysns, etcd, ZooKeeper); a metric with no baseline leaves those cells empty, written {@code -}. Written as TSV (for machines), as an aligned table (for the
 * terminal) and as Markdown (for RESULTS.md).
 */
final class Summary {

    enum Column { TINYSNS, GRPC, FLOOR }

    private record Row(String metric, String unit, Double[] cells, String note) {
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> columns;

    /** The RPC run's columns: tinysns, grpc, floor ({@link Column}). */
    Summary() {
        this(List.of("tinysns", "grpc", "floor"));
    }

    Summary(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    /** Declares a row, so that rows keep this order and a row whose benchmark failed still shows, as {@code -}. */
    void declare(String metric, String unit, String note) {
        rows.putIfAbsent(metric, new Row(metric, unit, new Double[columns.size()], note));
    }

    void put(String metric, Column column, Double value) {
        put(metric, column.ordinal(), value);
    }

    /** {@code column} counts from 0 in the order the columns were named. */
    void put(String metric, int column, Double value) {
        Row row = rows.get(metric);
        if (row == null) {
            throw new IllegalArgumentException("undeclared metric " + metric);
        }
        row.cells[column] = value;
    }

    void putIfDeclared(String metric, Column column, Double value) {
        putIfDeclared(metric, column.ordinal(), value);
    }

    void putIfDeclared(String metric, int column, Double value) {
        if (rows.containsKey(metric)) {
            put(metric, column, value);
        }
    }

    Double get(String metric, Column column) {
        Row row = rows.get(metric);
        return row == null ? null : row.cells[column.ordinal()];
    }

    void writeTsv(Path file) throws IOException {
        StringBuilder out = new StringBuilder("metric\tunit\t" + String.join("\t", columns) + "\n");
        for (Row row : rows.values()) {
            out.append(row.metric).append('\t').append(row.unit);
            for (Double cell : row.cells) {
                out.append('\t').append(format(cell, row.unit, false));
            }
            out.append('\n');
        }
        Files.writeString(file, out, StandardCharsets.UTF_8);
    }

    String table() {
        List<String[]> lines = new ArrayList<>();
        int width = columns.size() + 3;
        String[] head = new String[width];
        head[0] = "metric";
        head[1] = "unit";
        for (int c = 0; c < columns.size(); c++) {
            head[c + 2] = columns.get(c);
        }
        head[width - 1] = "note";
        lines.add(head);
        for (Row row : rows.values()) {
            String[] line = new String[width];
            line[0] = row.metric;
            line[1] = row.unit;
            for (int c = 0; c < columns.size(); c++) {
                line[c + 2] = format(row.cells[c], row.unit, true);
            }
            line[width - 1] = row.note;
            lines.add(line);
        }
        int[] widths = new int[width];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                String cell = line[i];
                boolean number = i >= 2 && i < line.length - 1;
                String pad = " ".repeat(widths[i] - cell.length());
                out.append(number ? pad + cell : cell + (i == line.length - 1 ? "" : pad));
                out.append(i == line.length - 1 ? "" : "  ");
            }
            out.append('\n');
        }
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder("| metric | unit | " + String.join(" | ", columns) + " | note |\n|---|---|"
                + "---:|".repeat(columns.size()) + "---|\n");
        for (Row row : rows.values()) {
            out.append("| ").append(row.metric).append(" | ").append(row.unit);
            for (Double cell : row.cells) {
                out.append(" | ").append(format(cell, row.unit, true));
            }
            out.append(" | ").append(row.note).append(" |\n");
        }
        return out.toString();
    }

    /** Whole numbers for rates and counts, one decimal for times and sizes, three for per-call syscall counts. */
    static String format(Double value, String unit, boolean grouping) {
        if (value == null || value.isNaN()) {
            return "-";
        }
        String pattern = switch (unit) {
            case "ops/s", "count" -> grouping ? "%,.0f" : "%.0f";
            case "syscalls/call" -> "%.3f";
            case "µs cpu/call", "cpu s" -> "%.2f";
            default -> grouping ? "%,.1f" : "%.1f";
        };
        return String.format(Locale.ROOT, pattern, value);
    }
}
