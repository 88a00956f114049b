package dev.hubkeep.server.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where services announce committed changes and caches hear of them: the invalidation path of every
 * cache that holds database or ref state. Caches hold nothing for a set time; an entry lives until a
 * change to what it was read from is announced, so a revocation is seen by the very next request.
 * Announcing is synchronous: when the transaction that made a change commits ({@link
 * #publishOnCommit}), or when {@link #publish} returns, every local cache has forgotten the entries
 * concerned (then the service answers its caller). Other processes on the same database are told
 * within that transaction ({@link Outward#sendWithin}), so a commit and its announcement to them
 * are one.
 *
 * <p>On a database several nodes share, a node that may be missing announcements from the others
 * (its {@link ChangeBroadcast} listener is not connected) is {@link #suspend suspended}: every cache
 * is dropped and bypassed ({@link #cachesUsable} is false) until it hears again ({@link #resume}).
 */
public final class Changes {

    private static final Logger log = LoggerFactory.getLogger(Changes.class);

    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final List<Outward> outward = new CopyOnWriteArrayList<>();
    /** False while announcements from other nodes may be missed: caches then neither answer nor keep. */
    private volatile boolean cachesUsable = true;

    /** {@code listener} hears every change, from this node and (once broadcast is on) from others. */
    public void subscribe(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** {@code sink} hears changes made on this node only, to tell other processes (a broadcast). */
    public void forwardTo(Outward sink) {
        outward.add(sink);
    }

    /**
     * Announces a change the transaction on {@code transaction} makes: other processes are told
     * within it (delivered at its commit, dropped by its rollback), this node's caches once it has
     * committed.
     */
    public void publishOnCommit(Handle transaction, Change change) {
        if (!transaction.isInTransaction()) {
            throw new IllegalStateException("publishOnCommit needs the transaction that makes the change");
        }
        for (Outward sink : outward) {
            sink.sendWithin(transaction, change);
        }
        transaction.afterCommit(() -> deliver(change));
    }

    /**
     * Announces a change made outside any database transaction (a ref update in git storage), once it
     * is made. Other processes are told afterwards: one that dies in between leaves them uninformed,
     * which a change inside a transaction ({@link #publishOnCommit}) never does.
     */
    public void publish(Change change) {
        deliver(change);
        for (Outward sink : outward) {
            try {
                sink.sendNow(change);
            } catch (RuntimeException e) {
                log.warn("Could not forward {} to the other nodes", change, e);
            }
        }
    }

    /**
     * True when caches may answer from and keep what they read: this node hears every change (always
     * on a single node; on a shared PostgreSQL while the broadcast listener is connected).
     */
    public boolean cachesUsable() {
        return cachesUsable;
    }

    /**
     * From now on changes made elsewhere may go unheard: drops every cache and has them bypassed
     * (caches check {@link #cachesUsable} before answering and before keeping) until {@link #resume}.
     */
    public void suspend() {
        cachesUsable = false;
        deliver(Change.EVERYTHING);
    }

    /**
     * Every change made elsewhere is heard again (the listener is back): drops once more whatever a
     * read that began before may have kept, then lets caches answer.
     */
    public void resume() {
        deliver(Change.EVERYTHING);
        cachesUsable = true;
    }

    /** Delivers a change heard from another node (or {@link Change#EVERYTHING}) to this node's caches. */
    public void deliver(Change change) {
        for (Consumer<Change> listener : listeners) {
            listener.accept(change);
        }
    }
}
