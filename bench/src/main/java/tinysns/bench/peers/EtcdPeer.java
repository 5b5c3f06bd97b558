package tinysns.bench.peers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * etcd leases through its v3 JSON gateway ({@code /v3/...}, values base64) over Java's HttpClient (HTTP/1.1):
 * each server grants a 10-s lease and puts its key with it, then renews it every TTL/3 (the cadence of etcd's own
 * Go client, clientv3); deaths are DELETE events of a watch on the key prefix; a lookup is a range on the user's
 * cluster prefix with limit 1.
 */
final class EtcdPeer implements PeerRegistry {

    private static final String ROOT = "/tinysns";
    private static final long KEEPALIVE_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(PeerServers.TIMEOUT_SECONDS) / 3;
    /**
     * Requests in flight at most, over as many pooled HTTP/1.1 connections. Unbounded, a stall makes HttpClient open
     * a connection per waiting request, hundreds of them, and the connects themselves time out.
     */
    private static final int IN_FLIGHT = 64;
    private static final Pattern LEASE_ID = Pattern.compile("\"ID\":\"(\\d+)\"");
    private static final Pattern RENEWED = Pattern.compile("\"TTL\":\"[1-9]");
    private static final Pattern DELETED_KEY = Pattern.compile("\"type\":\"DELETE\",\"kv\":\\{\"key\":\"([^\"]+)\"");

    private final EtcdProcess etcd;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLongArray leases;
    private final AtomicLong requests = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final KeepAliveSchedule schedule;
    private CompletableFuture<HttpResponse<Stream<String>>> watch;

    private EtcdPeer(EtcdProcess etcd, int capacity) {
        this.etcd = etcd;
        this.base = etcd.clientUrl();
        this.leases = new AtomicLongArray(capacity);
        this.schedule = new KeepAliveSchedule(KEEPALIVE_PERIOD_NANOS, this::keepAlive);
    }

    static EtcdPeer start(Path dataDir, int capacity) {
        return new EtcdPeer(EtcdProcess.start(dataDir), capacity);
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public long pid() {
        return etcd.pid();
    }

    @Override
    public String keepAliveCadence() {
        return "a lease keep-alive every TTL/3 = 3.3 s per server (clientv3's cadence), one HTTP/1.1 POST each";
    }

    private CompletableFuture<String> post(String path, String json) {
        inFlight.acquireUninterruptibly();
        requests.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> inFlight.release()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        });
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String prefixEnd(String prefix) {
        return prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1);
    }

    private CompletableFuture<?> registerOne(int i) {
        return post("/v3/lease/grant", "{\"TTL\":" + PeerServers.TIMEOUT_SECONDS + "}").thenCompose(body -> {
            Matcher id = LEASE_ID.matcher(body);
            if (!id.find()) {
                throw new IllegalStateException("no lease in " + body);
            }
            leases.set(i, Long.parseLong(id.group(1)));
            return post("/v3/kv/put", "{\"key\":\"" + base64(PeerServers.path(ROOT, i)) + "\",\"value\":\""
                    + base64(PeerServers.address(i)) + "\",\"lease\":\"" + id.group(1) + "\"}");
        });
    }

    private CompletableFuture<?> keepAlive(int i) {
        return post("/v3/lease/keepalive", "{\"ID\":\"" + leases.get(i) + "\"}").thenApply(body -> {
            if (!RENEWED.matcher(body).find()) {
                throw new IllegalStateException("lease of server " + i + " not renewed: " + body);
            }
            return body;
        });
    }

    @Override
    public void register(int from, int to) throws InterruptedException {
        Semaphore registering = new Semaphore(IN_FLIGHT / 2);
        CompletableFuture<?>[] all = new CompletableFuture<?>[to - from];
        for (int i = from; i < to; i++) {
            registering.acquire();
            int server = i;
            all[i - from] = registerOne(i).whenComplete((ok, failure) -> {
                registering.release();
                if (failure == null) {
                    schedule.start(server);
                }
            });
        }
        CompletableFuture.allOf(all).join();
    }

    @Override
    public long keepAliveFailures() {
        return schedule.failures();
    }

    @Override
    public long requestsHandled() {
        return requests.get();
    }

    /** A streaming watch: the gateway writes one JSON object per line as events happen. */
    @Override
    public void watchDeaths(DeathLog deaths) throws InterruptedException {
        String prefix = ROOT + "/";
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v3/watch"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"create_request\":{\"key\":\"" + base64(prefix)
                        + "\",\"range_end\":\"" + base64(prefixEnd(prefix)) + "\"}}")).build();
        CountDownLatch created = new CountDownLatch(1);
        watch = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        Thread reader = new Thread(() -> {
            try (Stream<String> lines = watch.join().body()) {
                lines.forEach(line -> {
                    long now = System.nanoTime();
                    if (line.contains("\"created\":true")) {
                        created.countDown();
                    }
                    Matcher deleted = DELETED_KEY.matcher(line);
                    while (deleted.find()) {
                        String key = new String(Base64.getDecoder().decode(deleted.group(1)), StandardCharsets.UTF_8);
                        deaths.gone(PeerServers.indexOfPath(key), now);
                    }
                });
            } catch (RuntimeException e) {
                // The stream ends when the benchmark closes etcd.
            }
        }, "etcd-watch");
        reader.setDaemon(true);
        reader.start();
        if (!created.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("etcd did not confirm the watch within 10 s");
        }
    }

    @Override
    public void stopWatchingDeaths() {
        if (watch != null) {
            watch.cancel(true);
        }
    }

    @Override
    public void stop(int[] servers, DeathLog deaths) {
        schedule.stop(servers, deaths).join();
    }

    @Override
    public void lookup(int user) {
        String prefix = PeerServers.clusterPrefix(ROOT, PeerServers.clusterOfUser(user));
        String body = post("/v3/kv/range", "{\"key\":\"" + base64(prefix) + "\",\"range_end\":\""
                + base64(prefixEnd(prefix)) + "\",\"limit\":1}").join();
        if (!body.contains("\"kvs\"")) {
            throw new IllegalStateException("no server for user " + user + ": " + body);
        }
    }

    @Override
    public void close() {
        schedule.close();
        if (watch != null) {
            watch.cancel(true);
        }
        etcd.close();
    }
}
