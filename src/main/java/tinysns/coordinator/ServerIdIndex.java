package tinysns.coordinator;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The registrations of one cluster by server ID: an open-addressing hash table of references, keyed by the
 * registration's own server ID, so a lookup boxes nothing and the table stores no entry objects (4 bytes a slot).
 * Lookups take no lock; additions are made under the owner's lock. Registrations are never removed, so a
 * registration found in any version of the array is the right one, and a lookup that misses (perhaps racing an
 * addition or a resize) is retried under the lock by the caller.
 */
final class ServerIdIndex {

    private static final int MIN_CAPACITY = 16;

    private volatile AtomicReferenceArray<Registration> slots = new AtomicReferenceArray<>(MIN_CAPACITY);
    private int size;

    /** Lock-free; may miss a registration that is being added at this very moment. */
    Registration get(int serverId) {
        AtomicReferenceArray<Registration> table = slots;
        int mask = table.length() - 1;
        for (int i = slotOf(serverId, mask); ; i = (i + 1) & mask) {
            Registration r = table.get(i);
            if (r == null || r.serverId() == serverId) {
                return r;
            }
        }
    }

    /** Call with the owner's lock held, for a server ID that is not in the index. */
    void add(Registration registration) {
        if ((size + 1) * 3 > slots.length() * 2) {
            grow();
        }
        insert(slots, registration);
        size++;
    }

    private void grow() {
        AtomicReferenceArray<Registration> old = slots;
        AtomicReferenceArray<Registration> bigger = new AtomicReferenceArray<>(old.length() * 2);
        for (int i = 0; i < old.length(); i++) {
            Registration r = old.get(i);
            if (r != null) {
                insert(bigger, r);
            }
        }
        slots = bigger;
    }

    private static void insert(AtomicReferenceArray<Registration> table, Registration registration) {
        int mask = table.length() - 1;
        int i = slotOf(registration.serverId(), mask);
        while (table.get(i) != null) {
            i = (i + 1) & mask;
        }
        table.set(i, registration);
    }

    /** Fibonacci hashing spreads consecutive server IDs, the common case, over the whole table. */
    private static int slotOf(int serverId, int mask) {
        int h = serverId * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
