package dev.hubkeep.server.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkeep.server.errors.ConflictException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BranchTurnsTest {

    private final BranchTurns turns = new BranchTurns(Duration.ofMillis(50));

    @Test
    void take_whileAnotherCommitHoldsTheBranchPastThePatience_409() {
        try (BranchTurns.Turn held = turns.take("alice/bert", "main")) {
            assertThatThrownBy(() -> CompletableFuture.runAsync(() -> turns.take("alice/bert", "main").close()).join())
                    .hasCauseInstanceOf(ConflictException.class)
                    .hasMessageContaining("queued");
        }
    }

    @Test
    void take_afterTheHolderFinished_isGranted() {
        turns.take("alice/bert", "main").close();

        assertThat(CompletableFuture.supplyAsync(() -> {
            turns.take("alice/bert", "main").close();
            return true;
        }).join()).isTrue();
    }
}
