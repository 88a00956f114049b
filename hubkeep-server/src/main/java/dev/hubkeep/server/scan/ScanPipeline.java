package dev.hubkeep.server.scan;

import dev.hubkeep.server.git.ReceiveHooks;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scanning pipeline: what comes in (pushes, API commits and ref updates through the
 * post-receive hook, LFS uploads, tree views) is written to the queue and nothing more, so no
 * upload waits for a scan; a dispatcher thread lists pushes into files and hands due files to a
 * pool of workers; each worker reads the content from its source, runs the engines and the
 * secret finder, revokes any live token found, and keeps the result. An engine failure that may
 * pass (clamd down) is retried with backoff, {@value #MAX_ATTEMPTS} attempts in all.
 */
public final class ScanPipeline implements AutoCloseable {

    /** Scans of one file before an error that keeps recurring is final. */
    static final int MAX_ATTEMPTS = 5;
    /** The first retry waits this long, each next one twice as long. */
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    /** How often the dispatcher looks at the queue when nothing woke it (retries falling due). */
    /** How often an idle dispatcher looks again while rows are waiting (a retry's due time, another node's work). */
    private static final long IDLE_POLL_MILLIS = 2000;
    /**
     * How often it looks when nothing is waiting: every local change wakes it, so this only catches
     * work another node queued. An idle hub then runs no statement for minutes (the warm-request goal
     * of zero statements, and the tests that count them, depend on it).
     */
    private static final long QUIET_POLL_MILLIS = 5 * 60 * 1000;
    /** Whether rows may be waiting for a due time; false once a look found none (until the next wake). */
    private volatile boolean maybeWaiting = true;
    private static final int PUSHES_PER_ROUND = 16;

    /** Revokes live tokens found in a file, telling their owners where they were found. */
    @FunctionalInterface
    public interface ExposedTokens {
        void revoke(Set<String> values, String repoId, Optional<String> commitId, Optional<String> path);
    }

    private static final Logger log = LoggerFactory.getLogger(ScanPipeline.class);

    private final ScanQueue queue;
    private final PushLister lister;
    private final List<ContentSource> sources;
    private final Scanner scanner;
    private final ExposedTokens exposed;
    private final Clock clock;
    private final int workers;
    private final ExecutorService pool;
    private final Thread dispatcher;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running = true;

    ScanPipeline(ScanQueue queue, PushLister lister, List<ContentSource> sources, Scanner scanner, ExposedTokens exposed,
            Clock clock, int workers) {
        this.queue = queue;
        this.lister = lister;
        this.sources = List.copyOf(sources);
        this.scanner = scanner;
        this.exposed = exposed;
        this.clock = clock;
        this.workers = workers;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread thread = new Thread(r, "hubkeep-scan-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.dispatcher = new Thread(this::dispatch, "hubkeep-scan-dispatcher");
        this.dispatcher.setDaemon(true);
    }

    /** Drops the claims a previous run left (its scans died with it) and starts the dispatcher. */
    public void start() {
        queue.releaseClaims();
        dispatcher.start();
    }

    /** Post-receive: records the push, to be listed into files in the background. */
    public void landed(ReceiveHooks.Push push) {
        String updates = push.commands().stream()
                .filter(c -> c.getType() != ReceiveCommand.Type.DELETE)
                .map(c -> c.getOldId().name() + " " + c.getNewId().name() + " " + c.getRefName())
                .collect(Collectors.joining("\n"));
        if (!updates.isEmpty()) {
            queue.recordPush(push.repoId(), updates);
            wake();
        }
    }

    /** An LFS object was uploaded to a repository: scanned now, before any commit names it. */
    public void uploaded(String repoId, String oid, long size) {
        try {
            queue.enqueue(List.of(new ScanQueue.Sighting(ScanKey.sha256(oid), size, repoId, Optional.empty(), Optional.empty())));
            wake();
        } catch (RuntimeException e) {
            // The upload itself succeeded; the object is queued when a commit or a view names it.
            log.warn("Could not queue LFS object {} for scanning", oid, e);
        }
    }

    /** Queues the sightings whose content has no status yet. */
    void queue(Collection<ScanQueue.Sighting> sightings) {
        List<ScanKey> unknown = queue.unknown(sightings.stream().map(ScanQueue.Sighting::key).toList());
        if (!unknown.isEmpty()) {
            Set<ScanKey> wanted = Set.copyOf(unknown);
            queue.enqueue(sightings.stream().filter(s -> wanted.contains(s.key())).toList());
            wake();
        }
    }

    void rescan(Collection<ScanQueue.Sighting> sightings) {
        queue.rescan(sightings);
        wake();
    }

    List<String> engines() {
        return scanner.engineNames();
    }

    private void wake() {
        maybeWaiting = true;
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void dispatch() {
        while (running) {
            try {
                boolean busy = listPushes();
                busy |= handOut();
                if (!busy) {
                    if (maybeWaiting) {
                        maybeWaiting = queue.nextDue().isPresent() || inFlight.get() > 0;
                    }
                    sleep(maybeWaiting ? IDLE_POLL_MILLIS : QUIET_POLL_MILLIS);
                }
            } catch (RuntimeException e) {
                if (running) {
                    log.error("The scan dispatcher failed a round; trying again shortly", e);
                    sleep(IDLE_POLL_MILLIS);
                }
            }
        }
    }

    private boolean listPushes() {
        List<ScanQueue.PendingPush> pushes = queue.pushes(PUSHES_PER_ROUND);
        for (ScanQueue.PendingPush push : pushes) {
            List<ScanQueue.Sighting> files;
            try {
                files = lister.list(push.repoId(), push.updates());
            } catch (IOException | RuntimeException e) {
                // The repository may be gone or its objects unreadable: its files are queued when viewed.
                log.warn("Could not list the files of a push to repository {}; they are queued when viewed", push.repoId(), e);
                files = List.of();
            }
            queue.listed(push, files);
        }
        return !pushes.isEmpty();
    }

    private boolean handOut() {
        int free = workers - inFlight.get();
        if (free <= 0) {
            return false;
        }
        List<ScanQueue.Claim> claims = queue.claimDue(free);
        for (ScanQueue.Claim claim : claims) {
            inFlight.incrementAndGet();
            pool.execute(() -> {
                try {
                    scanOne(claim);
                } finally {
                    inFlight.decrementAndGet();
                    wake();
                }
            });
        }
        return claims.size() == free; // a full hand: there may be more
    }

    private void sleep(long millis) {
        synchronized (signal) {
            try {
                if (!woken) {
                    signal.wait(millis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            woken = false;
        }
    }

    private void scanOne(ScanQueue.Claim claim) {
        ScanReport report;
        try {
            report = scan(claim);
        } catch (IOException | RuntimeException e) {
            if (!running) {
                return; // shutting down: the claim is released at the next start
            }
            log.warn("Scanning {} failed; it is retried", claim.key(), e);
            report = ScanReport.of(List.of(Finding.failed("storage", "could not read the file: " + e.getMessage())));
        }
        boolean again = report.retryable() && claim.attempts() + 1 < MAX_ATTEMPTS;
        if (again) {
            maybeWaiting = true; // its due time passes without anything waking the dispatcher
        }
        Optional<Long> retryAt = again
                ? Optional.of(clock.millis() + FIRST_RETRY.toMillis() * (1L << claim.attempts()))
                : Optional.empty();
        try {
            queue.complete(claim, report, retryAt);
        } catch (RuntimeException e) {
            log.warn("Could not keep the scan result of {}; it is scanned again after its lease", claim.key(), e);
        }
    }

    private ScanReport scan(ScanQueue.Claim claim) throws IOException {
        for (ContentSource source : sources) {
            Optional<ContentSource.OpenedInput> opened = source.open(claim.key(), claim.repoId(), claim.path());
            if (opened.isPresent()) {
                try (ContentSource.OpenedInput input = opened.get()) {
                    Scanner.Outcome outcome = scanner.scan(input);
                    if (!outcome.tokens().isEmpty()) {
                        exposed.revoke(outcome.tokens(), claim.repoId(), claim.commitId(), claim.path());
                    }
                    return outcome.report();
                }
            }
        }
        return ScanReport.of(List.of(Finding.broken("storage",
                "the content is no longer stored where it was seen; rescan the repository that holds it")));
    }

    /** Files waiting for a scan (and pushes waiting to be listed). */
    public long backlog() {
        return queue.backlog();
    }

    @Override
    public void close() {
        running = false;
        dispatcher.interrupt();
        pool.shutdownNow();
        try {
            dispatcher.join(TimeUnit.SECONDS.toMillis(10));
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
