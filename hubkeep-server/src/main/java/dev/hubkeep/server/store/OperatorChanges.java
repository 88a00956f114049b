package dev.hubkeep.server.store;

import java.time.Clock;
import org.jdbi.v3.core.Handle;

/**
 * Makes the changes an operator command ({@code hubkeep admin …}, a process of its own) commits
 * reach the servers running on the same database, so their caches drop what changed, as they do
 * for a change made through a server: by {@code NOTIFY} on PostgreSQL ({@link ChangeBroadcast}),
 * through the {@link ChangeLog} on SQLite.
 */
public final class OperatorChanges {

    private OperatorChanges() {}

    /** From now on, every change published to {@code changes} is also told to the running servers. */
    public static void forwardToServers(Database database, Changes changes, Clock clock) {
        changes.forwardTo(database.dialect() == Dialect.POSTGRESQL ? ChangeBroadcast.notifier(database) : new Outward() {
            @Override
            public void sendWithin(Handle transaction, Change change) {
                ChangeLog.append(transaction, clock, change);
            }

            @Override
            public void sendNow(Change change) {
                ChangeLog.append(database, clock, change);
            }
        });
    }
}
