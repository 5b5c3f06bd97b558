package tinysns.bench.registry;

import io.netty.util.HashedWheelTimer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import tinysns.bench.harness.ServerNumbering;
import tinysns.coordinator.CoordinatorSettings;
import tinysns.coordinator.LeaseTimers;
import tinysns.coordinator.RegistrationTable;
import tinysns.coordinator.RegistryListener;

/**
 * Retained heap per registration: the heap in use after full GCs, before and after registering N servers, each
 * with an address string of its own as a parsed heartbeat brings it, divided by N. The lease is an hour so that
 * nothing expires while measuring; every registration still holds its armed lease timeout, as in production.
 * Usage: {@code FootprintMain N...}; prints {@code FOOTPRINT <N> <bytes per registration>} per N.
 * Run it in a JVM of its own, with a heap big enough for the largest N.
 */
public final class FootprintMain {

    private static final Duration LEASE = Duration.ofHours(1);

    private FootprintMain() {
    }

    public static void main(String[] args) {
        for (String arg : args) {
            int count = Integer.parseInt(arg);
            System.out.printf("FOOTPRINT %d %.1f%n", count, bytesPerRegistration(count));
            System.out.flush();
        }
        System.exit(0);
    }

    static double bytesPerRegistration(int count) {
        CoordinatorSettings settings = CoordinatorSettings.defaults();
        HashedWheelTimer timer = LeaseTimers.create(LEASE, settings.tick());
        timer.start();
        RegistrationTable table = new RegistrationTable(settings.clusters(), LEASE, timer, System::nanoTime, RegistryListener.NONE);
        long before = heapUsedAfterGc();
        for (int i = 0; i < count; i++) {
            SimulatedServers.register(table, i, ServerNumbering.host(i));
        }
        // New timeouts wait in the timer's queue until its thread moves them into the wheel (100,000 a tick).
        long ticksToDrain = count / 100_000 + 2;
        LockSupport.parkNanos(settings.tick().toNanos() * ticksToDrain * 2);
        long after = heapUsedAfterGc();
        double perRegistration = (double) (after - before) / count;
        if (table.size() != count) {
            throw new IllegalStateException("expected " + count + " registrations, the table holds " + table.size());
        }
        timer.stop();
        return perRegistration;
    }

    private static long heapUsedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
