package dev.hubkeep.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkeep.server.testing.Await;
import dev.hubkeep.server.testing.SharedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change is told to the other nodes within the transaction that makes it: PostgreSQL delivers the
 * notification at the commit, or never. So a node that dies or loses the database right after its
 * commit has told the others already, and a change rolled back reaches no one.
 */
class TransactionalBroadcastTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    final String url = SharedPostgres.newMigratedDatabaseUrl();
    final Database databaseA = Database.open(url, Optional.empty(), Optional.empty());
    final Database databaseB = Database.open(url, Optional.empty(), Optional.empty());
    final Changes changesA = new Changes();
    final Changes changesB = new Changes();
    final ChangeBroadcast nodeA = new ChangeBroadcast(databaseA, changesA);
    final ChangeBroadcast nodeB = new ChangeBroadcast(databaseB, changesB);
    final List<Change> heardByA = new CopyOnWriteArrayList<>();
    final List<Change> heardByB = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        nodeA.start();
        nodeB.start();
        changesA.subscribe(heardByA::add);
        changesB.subscribe(heardByB::add);
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
        databaseA.close();
        databaseB.close();
        SharedPostgres.dropDatabase(url);
    }

    @Test
    void committed_heardByTheOtherNodeEvenIfThisOneLosesTheDatabaseRightAfter() {
        databaseA.jdbi().useTransaction(h -> changesA.publishOnCommit(h, new Change.Token("t1")));
        nodeA.close();
        databaseA.close();

        Await.until(WITHIN, "node B hears of t1", () -> heardByB.contains(new Change.Token("t1")));
    }

    @Test
    void rolledBack_heardByNoNode() {
        assertThatThrownBy(() -> databaseA.jdbi().useTransaction(h -> {
            changesA.publishOnCommit(h, new Change.Token("t2"));
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        databaseA.jdbi().useTransaction(h -> changesA.publishOnCommit(h, new Change.Token("t3")));

        Await.until(WITHIN, "node B hears of t3", () -> heardByB.contains(new Change.Token("t3")));
        assertThat(heardByB).doesNotContain(new Change.Token("t2"));
        assertThat(heardByA).doesNotContain(new Change.Token("t2"));
    }

    @Test
    void thisNodesCaches_toldOnlyOnceTheTransactionCommits() {
        List<Change> heardWhileOpen = new CopyOnWriteArrayList<>();
        databaseA.jdbi().useTransaction(h -> {
            changesA.publishOnCommit(h, new Change.Token("t4"));
            heardWhileOpen.addAll(heardByA);
        });

        assertThat(heardWhileOpen).doesNotContain(new Change.Token("t4"));
        assertThat(heardByA).contains(new Change.Token("t4"));
    }

    @Test
    void outsideATransaction_refused() {
        assertThatThrownBy(() -> databaseA.jdbi().useHandle(h -> changesA.publishOnCommit(h, new Change.Token("t5"))))
                .isInstanceOf(IllegalStateException.class);
    }
}
