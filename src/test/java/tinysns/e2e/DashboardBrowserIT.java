package tinysns.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The coordinator's dashboard in a real browser: a coordinator and three servers started through the scripts,
 * the page opened once in headless Chromium, one server killed with SIGKILL, and the page (never reloaded) showing
 * it DEAD within the lease plus a second, its cluster's clients sent to the other server. Leaves a screenshot in
 * {@code target/dashboard.png}.
 */
class DashboardBrowserIT {

    private static final Duration LEASE = Duration.ofSeconds(3); // short, with room for heartbeats on a busy 2-core machine
    static final Path SCREENSHOT = ScriptProcess.home().resolve("target/dashboard.png");

    @TempDir
    Path dir;

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void aServerKilledWithSigkillTurnsDeadOnThePageWithinTheLeasePlusASecondWithoutAReload() throws Exception {
        int coordinatorPort = FreePorts.next();
        int httpPort = FreePorts.next();
        ScriptProcess coordinator = track(ScriptProcess.start(dir, "scripts/coordinator.sh", "-p", Integer.toString(coordinatorPort),
                "--bind", "127.0.0.1", "--lease", Long.toString(LEASE.toSeconds()), "--http-port", Integer.toString(httpPort)));
        coordinator.awaitStderr(Pattern.compile("dashboard on http://127\\.0\\.0\\.1:" + httpPort + "/"), ScriptProcess.STARTUP);
        Map<String, ScriptProcess> servers = Map.of(
                "1/1", server(coordinatorPort, 1, 1), "1/2", server(coordinatorPort, 1, 2), "2/1", server(coordinatorPort, 2, 1));
        HeadlessChromium browser = track(HeadlessChromium.start(Files.createDirectories(dir.resolve("profile")), 1280, 760));
        ChromeDriver page = browser.driver();

        page.get("http://127.0.0.1:" + httpPort + "/");
        assertEquals("tinysns registry", page.getTitle());
        page.executeScript("window.openedOnce = true;"); // a reload would forget it
        await("every server ALIVE on the page").atMost(ScriptProcess.STARTUP).pollInterval(Duration.ofMillis(100))
                .until(() -> servers.keySet().stream().allMatch(id -> "ALIVE".equals(stateOf(page, id))));
        String serving = assignedOf(page, 1);
        String victim = serving.equals(addressOf(page, "1/1")) ? "1/1" : "1/2";
        String standby = victim.equals("1/1") ? "1/2" : "1/1";
        assertEquals(addressOf(page, victim), serving);

        servers.get(victim).kill();
        await(victim + " DEAD on the page within the lease plus a second").atMost(LEASE.plusSeconds(1))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "DEAD".equals(stateOf(page, victim)));

        assertEquals(addressOf(page, standby), assignedOf(page, 1), "cluster 1's clients go to the server left");
        assertEquals("ALIVE", stateOf(page, standby));
        assertEquals("ALIVE", stateOf(page, "2/1"));
        assertEquals(Boolean.TRUE, page.executeScript("return window.openedOnce === true;"), "the page was not reloaded");
        assertEquals("none", page.executeScript("return getComputedStyle(document.getElementById('offline')).display;"));
        await("the summary and the event list to catch up").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> text(page, "#summary").startsWith("2 alive, 1 dead")
                        && Pattern.compile("died\\s*cluster 1 server " + victim.substring(2) + " at ")
                                .matcher(text(page, "#event-list")).find());
        browser.screenshot(SCREENSHOT);
        assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot of the page, not an empty picture");
    }

    private ScriptProcess server(int coordinatorPort, int cluster, int serverId) {
        ScriptProcess server = track(ScriptProcess.start(dir, "scripts/tsd.sh", "-c", Integer.toString(cluster),
                "-s", Integer.toString(serverId), "-h", "localhost", "-k", Integer.toString(coordinatorPort),
                "-p", Integer.toString(FreePorts.next()), "--heartbeat-interval", "0.5"));
        return server;
    }

    private static String stateOf(ChromeDriver page, String server) {
        return textOrNull(page, "tr[data-server=\"" + server + "\"] td.state");
    }

    private static String addressOf(ChromeDriver page, String server) {
        return textOrNull(page, "tr[data-server=\"" + server + "\"] td:nth-child(2)");
    }

    private static String assignedOf(ChromeDriver page, int cluster) {
        return textOrNull(page, "section[data-cluster=\"" + cluster + "\"] .assigned-server");
    }

    private static String text(ChromeDriver page, String selector) {
        String text = textOrNull(page, selector);
        return text == null ? "" : text;
    }

    /** The text of the element {@code selector} finds on the page as it is now; null when there is none yet. */
    private static String textOrNull(ChromeDriver page, String selector) {
        return (String) page.executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", selector);
    }

    private <T extends AutoCloseable> T track(T closeable) {
        started.add(closeable);
        return closeable;
    }
}
