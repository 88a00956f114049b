package dev.hubkeep.server.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where services announce committed changes and caches hear of them: the invalidation path of every
 * cache that holds database or ref state. Caches hold nothing for a set time; an entry lives until a
 * change to what it was read from is announced, so a revocation is seen by the very next request.
 * Announcing is synchronous: when {@link #publish} returns, every local cache has forgotten the
 * entries concerned (then the service answers its caller).
 *
 * <p>On a database several nodes share, a node that may be missing announcements from the others
 * (its {@link ChangeBroadcast} listener is not connected) is {@link #suspend suspended}: every cache
 * is dropped and bypassed ({@link #cachesUsable} is false) until it hears again ({@link #resume}).
 */
public final class Changes {

    private static final Logger log = LoggerFactory.getLogger(Changes.class);

    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Change>> outward = new CopyOnWriteArrayList<>();
    /** False while announcements from other nodes may be missed: caches then neither answer nor keep. */
    private volatile boolean cachesUsable = true;

    /** {@code listener} hears every change, from this node and (once broadcast is on) from others. */
    public void subscribe(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** {@code sink} hears changes made on this node only, to tell other nodes (a broadcast). */
    public void forwardTo(Consumer<Change> sink) {
        outward.add(sink);
    }

    /** Announces a committed change made on this node. */
    public void publish(Change change) {
        deliver(change);
        for (Consumer<Change> sink : outward) {
            try {
                sink.accept(change);
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
