package dev.hubkeep.server.http;

import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * The threads that serve requests: Jetty's own pool of platform threads for its selectors and
 * non-blocking work, and a virtual thread for each request's handling, which blocks (on git, the
 * database, the disk, an upload) without holding a platform thread.
 *
 * <p>Javalin's own choice with virtual threads on runs everything, the selectors too, on virtual
 * threads; a selector blocks in {@code epoll_wait}, which a virtual thread cannot unmount from, so
 * every wait made the carrier pool compensate with another thread (measured in docs/performance.md).
 */
final class RequestThreads {

    /** Platform threads: selectors, acceptors and Jetty's own short tasks; requests do not run on them. */
    private static final int PLATFORM_THREADS_MAX = 32;
    private static final int PLATFORM_THREADS_MIN = 4;
    private static final int IDLE_MILLIS = 60_000;

    private RequestThreads() {}

    static ThreadPool pool() {
        QueuedThreadPool pool = new QueuedThreadPool(PLATFORM_THREADS_MAX, PLATFORM_THREADS_MIN, IDLE_MILLIS);
        pool.setName("hubkeep-http");
        pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("hubkeep-request"));
        return pool;
    }
}
