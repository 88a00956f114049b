package dev.hubkeep.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What one node tells the others: a small message per change, never one PostgreSQL would refuse. */
class ChangeBroadcastTest {

    @Test
    void everyKindOfChange_readBackByAnotherNode() {
        List<Change> all = List.of(new Change.Token("t1"), new Change.Account("u1"), new Change.Org("o1"),
                new Change.Repo("r1"), new Change.Refs("r1"), Change.EVERYTHING);

        assertThat(all).allSatisfy(change ->
                assertThat(ChangeBroadcast.decode("node-b", ChangeBroadcast.encode("node-a", change))).contains(change));
    }

    @Test
    void ownEcho_ignored() {
        assertThat(ChangeBroadcast.decode("node-a", ChangeBroadcast.encode("node-a", new Change.Token("t1")))).isEmpty();
    }

    @Test
    void changeTooLongForPostgres_sentAsEverything() {
        String payload = ChangeBroadcast.encode("node-a", new Change.Repo("r".repeat(ChangeBroadcast.MAX_PAYLOAD_BYTES)));

        assertThat(payload).isEqualTo("node-a everything");
    }

    @Test
    void messageNotUnderstood_takenAsEverything() {
        assertThat(ChangeBroadcast.decode("node-b", "node-a webhook w1")).contains(Change.EVERYTHING);
    }
}
