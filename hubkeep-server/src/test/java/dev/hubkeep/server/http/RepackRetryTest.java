package dev.hubkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.errors.PackMismatchException;
import org.junit.jupiter.api.Test;

/** A read racing the background repack is run again instead of answering 500. */
class RepackRetryTest {

    private static final Exception RACE = new UncheckedIOException(new PackMismatchException("pack " + new File("p.pack") + " replaced"));

    @Test
    void readMeetingARepackOnce_runsAgainAndSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();

        RepackRetry.run(true, () -> false, () -> {
            if (attempts.incrementAndGet() == 1) {
                throw RACE;
            }
        });

        assertThat(attempts).hasValue(2);
    }

    @Test
    void writeMeetingARepack_notRunAgain() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> RepackRetry.run(false, () -> false, () -> {
            attempts.incrementAndGet();
            throw RACE;
        })).isSameAs(RACE);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void responseAlreadyStarted_notRunAgain() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> RepackRetry.run(true, () -> true, () -> {
            attempts.incrementAndGet();
            throw RACE;
        })).isSameAs(RACE);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void otherFailure_notRunAgain() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException bug = new IllegalStateException("bug");

        assertThatThrownBy(() -> RepackRetry.run(true, () -> false, () -> {
            attempts.incrementAndGet();
            throw bug;
        })).isSameAs(bug);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void repackEveryTime_givesUpAfterThreeAttempts() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> RepackRetry.run(true, () -> false, () -> {
            attempts.incrementAndGet();
            throw RACE;
        })).isSameAs(RACE);
        assertThat(attempts).hasValue(RepackRetry.ATTEMPTS);
    }
}
