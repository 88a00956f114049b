package dev.hubkeep.server.scan;

import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The durable queue and the results, in {@code scan_files} and {@code scan_pushes} (V12). A file
 * is queued by inserting its row (pending, due now) unless its content already has one; a worker
 * claims due rows, and its result clears the claim. A claim older than {@link #LEASE} is taken for
 * a crashed scan and the row is due again; at startup every claim of the previous run is dropped.
 */
final class ScanQueue {

    /** How long a claim holds before the row is taken for abandoned (a scan of 7 GB takes well under this). */
    static final Duration LEASE = Duration.ofMinutes(30);

    /** A file as seen somewhere: its content's key, and where to read it. */
    record Sighting(ScanKey key, long size, String repoId, Optional<String> commitId, Optional<String> path) {}

    /** A row a worker took. */
    record Claim(ScanKey key, String repoId, Optional<String> commitId, Optional<String> path, int attempts, long claimedAt) {}

    /** A stored status. */
    record Stored(ScanStatus status, ScanReport report, Optional<String> path) {}

    /** A push still to be listed into files. */
    record PendingPush(String id, String repoId, String updates) {}

    /** Names that make an engine look at a file whatever its bytes say. */
    private static final java.util.regex.Pattern NAMED_FORMATS = java.util.regex.Pattern.compile(
            "\\.(safetensors|pkl|pickle|joblib|dill|pt|pth|ckpt|npy|npz)$", java.util.regex.Pattern.CASE_INSENSITIVE);

    private final Database database;
    private final Clock clock;
    private final Ids ids;
    private final StatusCache cache = new StatusCache();

    ScanQueue(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.ids = new Ids(clock);
    }

    /** Queues each sighting whose content has no row yet; fills in where an LFS upload's row lacked a path. */
    void enqueue(Collection<Sighting> sightings) {
        if (sightings.isEmpty()) {
            return;
        }
        long now = clock.millis();
        database.jdbi().useTransaction(h -> {
            var insert = h.prepareBatch("INSERT INTO scan_files (object_key, status, size, repo_id, commit_id, path, attempts, due_at,"
                    + " created_at) VALUES (:key, 'pending', :size, :repo, :commit, :path, 0, :now, :now)"
                    + " ON CONFLICT (object_key) DO NOTHING");
            // An LFS object is queued at upload, before any path names it; the first commit that does
            // gives it one, and if its name calls for an engine its bytes alone did not (a .safetensors
            // whose header is too broken to recognise), the finished scan is done again.
            var locate = h.prepareBatch("UPDATE scan_files SET path = :path, commit_id = :commit,"
                    + " status = CASE WHEN due_at IS NULL AND :named = 1 THEN 'pending' ELSE status END,"
                    + " due_at = CASE WHEN due_at IS NULL AND :named = 1 THEN :now ELSE due_at END"
                    + " WHERE object_key = :key AND path IS NULL");
            boolean located = false;
            for (Sighting s : sightings) {
                insert.bind("key", s.key().text()).bind("size", s.size()).bind("repo", s.repoId())
                        .bindByType("commit", s.commitId().orElse(null), String.class)
                        .bindByType("path", s.path().orElse(null), String.class)
                        .bind("now", now).add();
                if (s.path().isPresent()) {
                    locate.bind("path", s.path().get())
                            .bindByType("commit", s.commitId().orElse(null), String.class)
                            .bind("named", NAMED_FORMATS.matcher(s.path().get()).find() ? 1 : 0)
                            .bind("now", now)
                            .bind("key", s.key().text()).add();
                    located = true;
                }
            }
            insert.execute();
            if (located) {
                locate.execute();
            }
        });
        cache.forget(sightings.stream().map(Sighting::key).toList());
    }

    /** The keys among these that have no row yet (to queue from a tree view without writing for the others). */
    List<ScanKey> unknown(Collection<ScanKey> keys) {
        Map<ScanKey, Stored> known = statuses(keys);
        return keys.stream().filter(k -> !known.containsKey(k)).distinct().toList();
    }

    Map<ScanKey, Stored> statuses(Collection<ScanKey> keys) {
        return cache.get(keys, this::load);
    }

    /** One key's stored status, if it has one. */
    Optional<Stored> status(ScanKey key) {
        return Optional.ofNullable(cache.get(key, this::load));
    }

    private Map<ScanKey, Stored> load(List<ScanKey> keys) {
        Map<ScanKey, Stored> found = new HashMap<>();
        List<String> texts = keys.stream().map(ScanKey::text).distinct().toList();
        for (int from = 0; from < texts.size(); from += 500) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + 500));
            database.jdbi().useHandle(h -> h.createQuery("SELECT object_key, status, report, path FROM scan_files"
                            + " WHERE object_key IN (<keys>)")
                    .bindList("keys", batch)
                    .map((rs, ctx) -> {
                        ScanStatus status = ScanStatus.fromWire(rs.getString("status"));
                        return Map.entry(new ScanKey(rs.getString("object_key")), new Stored(status,
                                ScanReport.fromJson(status, rs.getString("report")), Optional.ofNullable(rs.getString("path"))));
                    })
                    .forEach(e -> found.put(e.getKey(), e.getValue())));
        }
        return found;
    }

    /** Takes up to {@code limit} due rows for scanning now. */
    List<Claim> claimDue(int limit) {
        long now = clock.millis();
        long expired = now - LEASE.toMillis();
        return database.jdbi().inTransaction(h -> {
            List<Claim> due = h.createQuery("SELECT object_key, repo_id, commit_id, path, attempts FROM scan_files"
                            + " WHERE due_at IS NOT NULL AND due_at <= :now AND (claimed_at IS NULL OR claimed_at < :expired)"
                            + " ORDER BY due_at LIMIT :limit")
                    .bind("now", now).bind("expired", expired).bind("limit", limit)
                    .map((rs, ctx) -> new Claim(new ScanKey(rs.getString("object_key")), rs.getString("repo_id"),
                            Optional.ofNullable(rs.getString("commit_id")), Optional.ofNullable(rs.getString("path")),
                            rs.getInt("attempts"), now))
                    .list();
            List<Claim> taken = new ArrayList<>();
            for (Claim claim : due) {
                int updated = h.createUpdate("UPDATE scan_files SET claimed_at = :now WHERE object_key = :key"
                                + " AND (claimed_at IS NULL OR claimed_at < :expired)")
                        .bind("now", now).bind("key", claim.key().text()).bind("expired", expired)
                        .execute();
                if (updated == 1) {
                    taken.add(claim);
                }
            }
            return taken;
        });
    }

    /**
     * Keeps a claim's result: final, or (when {@code retryAt} is given) an error due again then.
     * Dropped if the claim is no longer current (a rescan was asked for meanwhile).
     */
    void complete(Claim claim, ScanReport report, Optional<Long> retryAt) {
        database.jdbi().useTransaction(h -> h.createUpdate("UPDATE scan_files SET status = :status, report = :report,"
                        + " attempts = :attempts, due_at = :due, claimed_at = NULL, scanned_at = :now"
                        + " WHERE object_key = :key AND claimed_at = :claimed")
                .bind("status", report.status().wireName())
                .bind("report", report.toJson())
                .bind("attempts", claim.attempts() + 1)
                .bindByType("due", retryAt.orElse(null), Long.class)
                .bind("now", clock.millis())
                .bind("key", claim.key().text())
                .bind("claimed", claim.claimedAt())
                .execute());
        cache.forget(List.of(claim.key()));
    }

    /** Queues these contents again, to be read from {@code repoId}. */
    void rescan(Collection<Sighting> sightings) {
        if (sightings.isEmpty()) {
            return;
        }
        long now = clock.millis();
        database.jdbi().useTransaction(h -> {
            var update = h.prepareBatch("UPDATE scan_files SET status = 'pending', due_at = :now, claimed_at = NULL, attempts = 0,"
                    + " repo_id = :repo, commit_id = :commit, path = :path WHERE object_key = :key");
            for (Sighting s : sightings) {
                update.bind("now", now).bind("repo", s.repoId())
                        .bindByType("commit", s.commitId().orElse(null), String.class)
                        .bindByType("path", s.path().orElse(null), String.class)
                        .bind("key", s.key().text()).add();
            }
            update.execute();
        });
        cache.forget(sightings.stream().map(Sighting::key).toList());
        enqueue(sightings);
    }

    void recordPush(String repoId, String updates) {
        database.jdbi().useTransaction(h -> h.createUpdate("INSERT INTO scan_pushes (id, repo_id, updates, created_at)"
                        + " VALUES (:id, :repo, :updates, :now)")
                .bind("id", ids.next()).bind("repo", repoId).bind("updates", updates).bind("now", clock.millis())
                .execute());
    }

    /** The oldest pushes not yet listed (one lister at a time: the dispatcher). */
    List<PendingPush> pushes(int limit) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT id, repo_id, updates FROM scan_pushes ORDER BY id LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> new PendingPush(rs.getString("id"), rs.getString("repo_id"), rs.getString("updates")))
                .list());
    }

    /** The push's files are queued, then the push is done with: a crash between the two lists it again, harmlessly. */
    void listed(PendingPush push, Collection<Sighting> sightings) {
        enqueue(sightings);
        database.jdbi().useTransaction(h -> h.createUpdate("DELETE FROM scan_pushes WHERE id = :id").bind("id", push.id()).execute());
    }

    /** At startup: scans the previous run had under way are due again. */
    void releaseClaims() {
        database.jdbi().useTransaction(h -> h.createUpdate("UPDATE scan_files SET claimed_at = NULL WHERE claimed_at IS NOT NULL")
                .execute());
    }

    /** Files waiting or being scanned, and pushes not yet listed. */
    long backlog() {
        return database.jdbi().withHandle(this::backlog);
    }

    private long backlog(Handle h) {
        long files = h.createQuery("SELECT COUNT(*) FROM scan_files WHERE status = 'pending'").mapTo(Long.class).one();
        long pushes = h.createQuery("SELECT COUNT(*) FROM scan_pushes").mapTo(Long.class).one();
        return files + pushes;
    }

    /** When the next row is due, if any is waiting (for the dispatcher's sleep). */
    Optional<Long> nextDue() {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT MIN(due_at) FROM scan_files WHERE due_at IS NOT NULL")
                .mapTo(Long.class).findOne());
    }
}
