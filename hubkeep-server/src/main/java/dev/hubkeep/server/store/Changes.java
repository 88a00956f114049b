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
 */
public final class Changes {

    private static final Logger log = LoggerFactory.getLogger(Changes.class);

    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Change>> outward = new CopyOnWriteArrayList<>();

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

    /** Delivers a change heard from another node (or {@link Change#EVERYTHING}) to this node's caches. */
    public void deliver(Change change) {
        for (Consumer<Change> listener : listeners) {
            listener.accept(change);
        }
    }
}
