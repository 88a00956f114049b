package dev.hubkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.testing.DatabaseKind;
import dev.hubkeep.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The fixed-window counters in the database: the same answers as in process, one count for every node. */
@ParameterizedClass
@EnumSource(DatabaseKind.class)
class DatabaseWindowsTest {

    @Parameter
    DatabaseKind kind;

    @TempDir
    Path dir;

    /** 100 seconds into a window (windows start at multiples of 300 s since the epoch). */
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(300L * 5_000_000 + 100));
    private String url;
    private Database database;
    private DatabaseWindows windows;

    @BeforeEach
    void open() {
        url = kind.newMigratedDatabaseUrl(dir);
        database = Database.open(url, Optional.empty(), Optional.empty());
        windows = new DatabaseWindows(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
        kind.dropDatabase(url);
    }

    @Test
    void take_firstRequest_countsOneAndSaysSecondsToTheWindowsEnd() {
        Verdict verdict = windows.take(Bucket.API, "user:a", 3);

        assertThat(verdict).isEqualTo(new Verdict(Bucket.API, 3, 2, 200, true));
    }

    @Test
    void take_pastTheQuota_refusedWithNothingRemainingAndNotCounted() {
        for (int i = 0; i < 4; i++) {
            windows.take(Bucket.API, "user:a", 3);
        }

        Verdict verdict = windows.take(Bucket.API, "user:a", 3);

        assertThat(verdict).isEqualTo(new Verdict(Bucket.API, 3, 0, 200, false));
        assertThat(windows.used("user:a")).isEqualTo(Map.of(Bucket.API, 3L));
    }

    @Test
    void take_nextWindow_startsAfresh() {
        for (int i = 0; i < 4; i++) {
            windows.take(Bucket.API, "user:a", 3);
        }
        clock.advance(Duration.ofSeconds(200));

        Verdict verdict = windows.take(Bucket.API, "user:a", 3);

        assertThat(verdict).isEqualTo(new Verdict(Bucket.API, 3, 2, 300, true));
    }

    @Test
    void take_otherBucketOrSubject_countedApart() {
        windows.take(Bucket.API, "user:a", 1);

        assertThat(windows.take(Bucket.RESOLVERS, "user:a", 1).allowed()).isTrue();
        assertThat(windows.take(Bucket.API, "user:b", 1).allowed()).isTrue();
    }

    @Test
    void take_twoNodesAtOnce_neverMoreThanTheQuotaBetweenThem() throws Exception {
        DatabaseWindows otherNode = new DatabaseWindows(database, clock);
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            DatabaseWindows node = i % 2 == 0 ? windows : otherNode;
            calls.add(() -> node.take(Bucket.API, "user:a", 25).allowed());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long allowed;
        try {
            allowed = 0;
            for (Future<Boolean> result : pool.invokeAll(calls)) {
                allowed += result.get() ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(allowed).isEqualTo(25);
    }

    @Test
    void used_countsOfTheCurrentWindowOnly() {
        windows.take(Bucket.API, "user:a", 10);
        clock.advance(Duration.ofSeconds(200));
        windows.take(Bucket.PAGES, "user:a", 10);

        assertThat(windows.used("user:a")).isEqualTo(Map.of(Bucket.PAGES, 1L));
    }

    @Test
    void prune_endedWindowsDeleted_currentKept() {
        windows.take(Bucket.API, "user:a", 10);
        clock.advance(Duration.ofMinutes(10));
        windows.take(Bucket.API, "user:b", 10);

        int deleted = windows.prune();

        assertThat(deleted).isEqualTo(1);
        assertThat(windows.used("user:b")).isEqualTo(Map.of(Bucket.API, 1L));
    }
}
