package tinysns.server;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tinysns.protocol.proto.Change;

/**
 * Rebuilds the {@link ChangeLog}'s order at start: {@code order.txt} names, position by position, which file holds
 * the next record. order.txt is made durable after the three data files, so after a crash it can only lack the last
 * few positions: records the files hold beyond it were never acknowledged, and take the next positions (users, then
 * relations, then posts).
 */
final class ChangeOrder {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeOrder.class);

    private ChangeOrder() {
    }

    /** Every loaded change with its position (origin_seq) set, in log order. */
    static List<Change> merge(String where, List<String> words, List<Change> users, List<Change> following,
                              List<Change> posts) {
        Iterator<Change> u = users.iterator();
        Iterator<Change> f = following.iterator();
        Iterator<Change> p = posts.iterator();
        List<Change> ordered = new ArrayList<>(users.size() + following.size() + posts.size());
        for (String word : words) {
            Iterator<Change> source = switch (word) {
                case "user" -> u;
                case RecordFormat.FOLLOWS, RecordFormat.UNFOLLOWS -> f;
                case "post" -> p;
                default -> null;
            };
            if (source == null || !source.hasNext()) {
                LOG.warn("{}: position {} says '{}' but no such record is left; the order is rebuilt from there",
                        where, ordered.size() + 1, word);
                break;
            }
            Change next = source.next();
            if (!RecordFormat.orderWord(next).equals(word)) {
                LOG.warn("{}: position {} says '{}' but the next relation record is '{}'; the order is rebuilt from there",
                        where, ordered.size() + 1, word, RecordFormat.orderWord(next));
                ordered.add(next);
                break;
            }
            ordered.add(next);
        }
        u.forEachRemaining(ordered::add);
        f.forEachRemaining(ordered::add);
        p.forEachRemaining(ordered::add);
        List<Change> positioned = new ArrayList<>(ordered.size());
        for (Change change : ordered) {
            positioned.add(change.toBuilder().setOriginSeq(positioned.size() + 1).build());
        }
        return positioned;
    }

    /** The text order.txt holds for {@code changes}. */
    static String text(List<Change> changes) {
        StringBuilder text = new StringBuilder(changes.size() * 6);
        for (Change change : changes) {
            text.append(RecordFormat.orderWord(change)).append('\n');
        }
        return text.toString();
    }
}
