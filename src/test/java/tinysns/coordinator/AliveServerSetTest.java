package tinysns.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AliveServerSetTest {

    @Test
    void firstIsTheLowestPositionThroughRandomAddsAndRemoves() {
        AliveServerSet set = new AliveServerSet();
        TreeSet<Integer> reference = new TreeSet<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // Mostly low positions, so the set empties and refills; sometimes far ones, so it grows.
            int position = random.nextInt(10) == 0 ? random.nextInt(300_000) : random.nextInt(5_000);
            if (random.nextBoolean()) {
                set.add(position);
                reference.add(position);
            } else {
                set.remove(position);
                reference.remove(position);
            }
            assertEquals(reference.isEmpty() ? -1 : reference.first(), set.first(), "after step " + i);
        }
    }

    @Test
    void emptySetHasNoFirst() {
        AliveServerSet set = new AliveServerSet();
        assertEquals(-1, set.first());
        set.remove(1_000_000);
        set.add(262_144);
        assertEquals(262_144, set.first());
        set.remove(262_144);
        assertEquals(-1, set.first());
    }
}
