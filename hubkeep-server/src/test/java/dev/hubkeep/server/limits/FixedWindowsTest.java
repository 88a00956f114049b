package dev.hubkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkeep.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The fixed-window arithmetic: windows of five minutes aligned on the epoch, one counter per bucket and subject. */
class FixedWindowsTest {

    /** 100 seconds into a window (windows start at multiples of 300 s since the epoch). */
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(300L * 5_000_000 + 100));
    private final FixedWindows windows = new FixedWindows(clock);

    @Test
    void take_firstRequest_countsOneAndSaysSecondsToTheWindowsEnd() {
        Verdict verdict = windows.take(Bucket.API, "user:a", 3);

        assertThat(verdict).isEqualTo(new Verdict(Bucket.API, 3, 2, 200, true));
    }

    @Test
    void take_pastTheQuota_refusedWithNothingRemaining() {
        for (int i = 0; i < 3; i++) {
            windows.take(Bucket.API, "user:a", 3);
        }

        Verdict verdict = windows.take(Bucket.API, "user:a", 3);

        assertThat(verdict).isEqualTo(new Verdict(Bucket.API, 3, 0, 200, false));
    }

    @Test
    void take_lastRequestOfTheQuota_allowedWithNothingRemaining() {
        windows.take(Bucket.API, "user:a", 2);

        Verdict verdict = windows.take(Bucket.API, "user:a", 2);

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.remaining()).isZero();
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
    void take_lastMomentsOfAWindow_resetIsAtLeastOneSecond() {
        clock.advance(Duration.ofMillis(199_999));

        Verdict verdict = windows.take(Bucket.API, "user:a", 3);

        assertThat(verdict.resetSeconds()).isEqualTo(1);
    }

    @Test
    void take_otherBucketOrSubject_countedApart() {
        windows.take(Bucket.API, "user:a", 1);

        assertThat(windows.take(Bucket.RESOLVERS, "user:a", 1).allowed()).isTrue();
        assertThat(windows.take(Bucket.API, "user:b", 1).allowed()).isTrue();
    }
}
