package tinysns.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tinysns.coordination.Clusters;
import tinysns.protocol.proto.RegistryEntry;
import tinysns.protocol.proto.RegistryListing;

/**
 * Renders a registry listing as the table {@code scripts/status.sh} prints: a header row, then one row per server
 * with the columns cluster, server ID, host:port, type, ALIVE/DEAD, seconds since its last heartbeat, and its role
 * in its cluster: MASTER or SLAVE for a live server, {@code -} otherwise (docs/CONTRACT.md section 8).
 */
public final class StatusTable {

    static final String[] HEADER = {"CLUSTER", "SERVER", "ADDRESS", "TYPE", "STATE", "SINCE HEARTBEAT (s)", "ROLE"};

    private StatusTable() {
    }

    public static List<String> render(RegistryListing listing) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (RegistryEntry entry : listing.getEntriesList()) {
            rows.add(new String[] {
                String.valueOf(entry.getClusterId()),
                String.valueOf(entry.getServerInfo().getServerId()),
                entry.getServerInfo().getHostname() + ":" + entry.getServerInfo().getPort(),
                entry.getServerInfo().getType().name(),
                entry.getAlive() ? "ALIVE" : "DEAD",
                String.format(Locale.ROOT, "%.1f", entry.getMillisSinceHeartbeat() / 1000.0),
                Clusters.roleColumn(entry.getRole()),
            });
        }
        List<String> lines = align(rows);
        if (listing.getEntriesCount() == 0 && listing.getOmitted() == 0) {
            lines.add("(no servers registered)");
        }
        if (listing.getOmitted() > 0) {
            lines.add("(" + listing.getOmitted() + " more servers not shown: the listing is limited to one frame)");
        }
        return lines;
    }

    private static List<String> align(List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size() + 1);
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(row[c]);
                if (c < row.length - 1) {
                    line.append(" ".repeat(widths[c] - row[c].length() + 2));
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
