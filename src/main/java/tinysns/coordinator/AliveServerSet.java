package tinysns.coordinator;

import java.util.Arrays;

/**
 * Which registration positions of one cluster hold a live server of type SERVER, as a two-level bit set, so the
 * first-registered one is found in a few word reads however many are registered: one summary bit says whether
 * a 64-bit word of the level below has any bit set. Not thread-safe: the owner locks.
 */
final class AliveServerSet {

    private long[] words = new long[1];
    private long[] summary = new long[1];

    void add(int position) {
        int word = position >>> 6;
        ensureWord(word);
        words[word] |= 1L << position;
        summary[word >>> 6] |= 1L << word;
    }

    void remove(int position) {
        int word = position >>> 6;
        if (word >= words.length) {
            return;
        }
        words[word] &= ~(1L << position);
        if (words[word] == 0) {
            summary[word >>> 6] &= ~(1L << word);
        }
    }

    /** The lowest position in the set, or -1 when it is empty. */
    int first() {
        for (int s = 0; s < summary.length; s++) {
            if (summary[s] != 0) {
                int word = (s << 6) + Long.numberOfTrailingZeros(summary[s]);
                return (word << 6) + Long.numberOfTrailingZeros(words[word]);
            }
        }
        return -1;
    }

    /** The lowest position in the set above {@code position}, or -1 when there is none. */
    int nextAfter(int position) {
        int from = position + 1;
        int word = from >>> 6;
        if (word >= words.length) {
            return -1;
        }
        long bits = words[word] & (-1L << from);
        if (bits != 0) {
            return (word << 6) + Long.numberOfTrailingZeros(bits);
        }
        int nextWord = word + 1;
        int s = nextWord >>> 6;
        if (s >= summary.length) {
            return -1;
        }
        long summaryBits = summary[s] & (-1L << nextWord);
        while (summaryBits == 0) {
            if (++s >= summary.length) {
                return -1;
            }
            summaryBits = summary[s];
        }
        int found = (s << 6) + Long.numberOfTrailingZeros(summaryBits);
        return (found << 6) + Long.numberOfTrailingZeros(words[found]);
    }

    private void ensureWord(int word) {
        if (word >= words.length) {
            words = Arrays.copyOf(words, Math.max(word + 1, words.length * 2));
            int summaryWords = (words.length + 63) >>> 6;
            if (summaryWords > summary.length) {
                summary = Arrays.copyOf(summary, summaryWords);
            }
        }
    }
}
