package tinysns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Times in records: UTC, one format, the same text for a second however often and in whatever order asked. */
class RecordFormatTest {

    @Test
    void eachSecondIsWrittenAsItsOwnUtcTimeAlsoWhenSecondsAlternate() {
        assertEquals("2024-02-01 23:47:25", RecordFormat.time(1_706_831_245L));
        assertEquals("2024-02-01 23:47:25", RecordFormat.time(1_706_831_245L));
        assertEquals("2024-02-01 23:47:26", RecordFormat.time(1_706_831_246L));
        assertEquals("1970-01-01 00:00:00", RecordFormat.time(0));
        assertEquals("2024-02-01 23:47:26", RecordFormat.time(1_706_831_246L));
        assertEquals(1_706_831_246L, RecordFormat.parseTime(RecordFormat.time(1_706_831_246L)));
    }
}
