package tinysns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tinysns.protocol.proto.Change;

/** The change log: one order of every change, the same after a restart, with a hash per position. */
class ChangeLogTest {

    private static final long T = 1_706_831_245L;

    @TempDir
    Path dir;

    private List<Change> writeSome() throws Exception {
        ChangeLog log = new ChangeLog();
        SnsState state = new SnsState();
        try (SnsFiles files = SnsFiles.open(dir, state, log, 1)) {
            ChangeApplier changes = new ChangeApplier(state, files, log, 1);
            changes.userAdded(1);
            changes.userAdded(4);
            changes.post(T, 1, "hello");
            changes.follow(T + 1, 4, 1);
            changes.post(T + 2, 1, "again");
            changes.unfollow(T + 3, 4, 1);
            changes.userAdded(7);
            files.sync();
        }
        return log.readFrom(1, 100);
    }

    @Test
    void everyChangeHasItsPositionAndTheOrderSurvivesARestart() throws Exception {
        List<Change> written = writeSome();
        assertEquals(7, written.size());
        for (int i = 0; i < written.size(); i++) {
            assertEquals(i + 1, written.get(i).getOriginSeq());
        }
        ChangeLog reloaded = new ChangeLog();
        try (SnsFiles files = SnsFiles.open(dir, new SnsState(), reloaded, 1)) {
            assertEquals(written, reloaded.readFrom(1, 100));
            assertEquals(7, reloaded.durablePosition());
        }
        assertEquals("user\nuser\npost\nfollows\npost\nunfollows\nuser\n", Files.readString(dir.resolve(SnsFiles.ORDER)));
    }

    @Test
    void hashesAgreeOnlyWhileTheLogsAgree() throws Exception {
        List<Change> written = writeSome();
        ChangeLog same = new ChangeLog();
        ChangeLog other = new ChangeLog();
        written.forEach(same::append);
        written.subList(0, 4).forEach(other::append);
        other.append(Changes.post(1, 5, T + 2, 1, "something else"));
        assertEquals(same.hashAt(4), other.hashAt(4));
        assertNotEquals(same.hashAt(5), other.hashAt(5));
        assertEquals(0, same.hashAt(0));
    }

    @Test
    void aDataDirectoryWithoutOrderTxtGetsOneUsersThenRelationsThenPosts() throws Exception {
        Files.writeString(dir.resolve(SnsFiles.USERS), "1\n4\n");
        Files.writeString(dir.resolve(SnsFiles.FOLLOWING), "2024-02-01 23:47:25 4 follows 1\n");
        Files.writeString(dir.resolve(SnsFiles.POSTS), "T 2024-02-01 23:47:26\nU 1\nW hi\n\n");
        ChangeLog log = new ChangeLog();
        try (SnsFiles files = SnsFiles.open(dir, new SnsState(), log, 2)) {
            assertEquals(4, log.lastPosition());
            assertEquals(Change.KindCase.POST, log.at(4).getKindCase());
            assertEquals(2, log.at(4).getOriginCluster());
        }
        assertEquals("user\nuser\nfollows\npost\n", Files.readString(dir.resolve(SnsFiles.ORDER)));
    }

    @Test
    void listenersHearOfEachDurableStretchOnce() {
        ChangeLog log = new ChangeLog();
        List<String> heard = new ArrayList<>();
        log.subscribe((first, last) -> heard.add(first + "-" + last));
        log.append(Changes.userAdded(1, 1, 1));
        log.append(Changes.userAdded(1, 2, 2));
        log.madeDurable();
        log.madeDurable();
        log.append(Changes.userAdded(1, 3, 3));
        log.madeDurable();
        assertEquals(List.of("1-2", "3-3"), heard);
        assertTrue(log.readFrom(4, 10).isEmpty());
        assertEquals(2, log.readFrom(2, 10).size());
    }

    @Test
    void aClearedLogStartsAgainAtPositionOneAndItsListenersAreTold() {
        ChangeLog log = new ChangeLog();
        List<String> heard = new ArrayList<>();
        log.subscribe(new ChangeLog.Listener() {
            @Override
            public void durable(long first, long last) {
                heard.add(first + "-" + last);
            }

            @Override
            public void cleared() {
                heard.add("cleared");
            }
        });
        log.append(Changes.userAdded(1, 1, 1));
        log.append(Changes.userAdded(1, 2, 2));
        log.madeDurable();
        log.clear();
        assertEquals(0, log.lastPosition());
        log.append(Changes.userAdded(1, 1, 1));
        log.madeDurable();
        assertEquals(List.of("1-2", "cleared", "1-1"), heard);
    }
}
