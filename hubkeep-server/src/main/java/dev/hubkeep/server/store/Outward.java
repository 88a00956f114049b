package dev.hubkeep.server.store;

import org.jdbi.v3.core.Handle;

/**
 * Tells the other processes on the same database of a change this one makes: the other nodes on
 * PostgreSQL ({@link ChangeBroadcast}), the running servers from an operator command
 * ({@link OperatorChanges}).
 */
public interface Outward {

    /**
     * Within the transaction on {@code transaction} that makes the change, so that the others are told
     * exactly when it commits and never when it rolls back: a node that dies or loses the database
     * right after its commit has told them already. A failure here fails the transaction.
     */
    void sendWithin(Handle transaction, Change change);

    /** For a change made outside any database transaction (a ref update in git storage). */
    void sendNow(Change change);
}
