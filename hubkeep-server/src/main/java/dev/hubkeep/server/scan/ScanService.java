package dev.hubkeep.server.scan;

import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.access.Resource;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.files.Entry;
import dev.hubkeep.server.files.FileScans;
import dev.hubkeep.server.files.RepoAtRevision;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.repos.Repo;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scan results where users look: {@code securityFileStatus} on file entries (in the public Hub's
 * shape, see {@link SecurityStatusJson}), {@code securityRepoStatus} on repo info,
 * {@code X-Scan-Status} and the refusal of infected files on downloads, and rescans. Looking at
 * files queues those without a status.
 */
public final class ScanService implements FileScans {

    /** Files a repository status or a rescan covers: as many as repo info lists. */
    static final int MAX_FILES = 50_001;

    public static final String STATUS_HEADER = "X-Scan-Status";

    private final ScanPipeline pipeline;
    private final ScanQueue queue;
    private final RepoStorage storage;
    private final Facts facts;
    private final InfectedDownloads policy;

    ScanService(ScanPipeline pipeline, ScanQueue queue, RepoStorage storage, Facts facts, InfectedDownloads policy) {
        this.pipeline = pipeline;
        this.queue = queue;
        this.storage = storage;
        this.facts = facts;
        this.policy = policy;
    }

    @Override
    public Map<String, Map<String, Object>> securityStatus(String repoId, String commitId, List<Entry> files) {
        List<ScanQueue.Sighting> sightings = sightings(repoId, commitId, files);
        // Known statuses come from the cache; only files without one are looked up again and queued,
        // so a page or listing of files already scanned runs no statement.
        Map<ScanKey, ScanQueue.Stored> stored = queue.statuses(sightings.stream().map(ScanQueue.Sighting::key).toList());
        List<ScanQueue.Sighting> unknown = sightings.stream().filter(x -> !stored.containsKey(x.key())).toList();
        if (!unknown.isEmpty()) {
            pipeline.queue(unknown);
        }
        Map<String, Map<String, Object>> byPath = new LinkedHashMap<>();
        for (ScanQueue.Sighting sighting : sightings) {
            Optional<ScanQueue.Stored> found = Optional.ofNullable(stored.get(sighting.key()));
            byPath.put(sighting.path().orElseThrow(), SecurityStatusJson.of(found.map(ScanQueue.Stored::status).orElse(ScanStatus.PENDING),
                    found.map(ScanQueue.Stored::report).orElse(new ScanReport(ScanStatus.PENDING, List.of()))));
        }
        return byPath;
    }

    @Override
    public void viewed(String repoId, String commitId, List<Entry> files) {
        pipeline.queue(sightings(repoId, commitId, files));
    }

    @Override
    public void screenDownload(Context ctx, Repo repo, String commitId, Entry file, boolean servesPointer) {
        ScanKey key = servesPointer ? ScanKey.gitBlob(file.oid().name()) : key(file);
        Optional<ScanQueue.Stored> stored = queue.status(key);
        if (stored.isEmpty()) {
            pipeline.queue(List.of(new ScanQueue.Sighting(key, servesPointer ? file.blobSize() : file.size(), repo.id(),
                    Optional.of(commitId), Optional.of(file.path()))));
        }
        ScanStatus status = stored.map(ScanQueue.Stored::status).orElse(ScanStatus.PENDING);
        ctx.header(STATUS_HEADER, status.wireName());
        if (status == ScanStatus.INFECTED && !policy.serves(mayWrite(ctx, repo))) {
            throw new ForbiddenException(refusal(stored.get().report()));
        }
    }

    /**
     * For a git-lfs batch download: the objects among these that are infected and may not go to
     * this caller, with the same reason a {@code resolve} gives (the files API's rule, for git clients).
     */
    public Map<String, String> lfsRefusals(String repoId, List<String> oids, boolean callerMayWrite) {
        if (policy.serves(callerMayWrite) || oids.isEmpty()) {
            return Map.of();
        }
        Map<String, String> refused = new LinkedHashMap<>();
        queue.statuses(oids.stream().map(ScanKey::sha256).toList()).forEach((key, stored) -> {
            if (stored.status() == ScanStatus.INFECTED) {
                refused.put(key.id(), refusal(stored.report()));
            }
        });
        return refused;
    }

    private String refusal(ScanReport report) {
        String what = report.deciding()
                .map(f -> f.engine() + " found " + f.detail())
                .orElse("it was found infected");
        return "This file is infected (" + what + "), so it is not served. " + policy.whoMay();
    }

    /** Whether the caller could write to the repository: a write token or session, not a read token. */
    private boolean mayWrite(Context ctx, Repo repo) {
        Principal principal = Requests.principal(ctx);
        return Access.decide(principal, Action.REPO_WRITE, new Resource.Repo(
                facts.repo(principal, repo.type().singular(), repo.namespace(), repo.name()))).allowed();
    }

    /**
     * {@code securityRepoStatus}: whether every file at the commit has a final status, and those
     * with findings ({@code path}, {@code level} in the Hub's words). Queues files without one.
     */
    public Map<String, Object> repoStatus(String repoId, String commitId) {
        List<ScanQueue.Sighting> sightings = filesAt(repoId, commitId);
        pipeline.queue(sightings);
        Map<ScanKey, ScanQueue.Stored> stored = queue.statuses(sightings.stream().map(ScanQueue.Sighting::key).toList());
        boolean done = true;
        List<Map<String, Object>> issues = new ArrayList<>();
        for (ScanQueue.Sighting sighting : sightings) {
            ScanStatus status = Optional.ofNullable(stored.get(sighting.key())).map(ScanQueue.Stored::status).orElse(ScanStatus.PENDING);
            done &= status != ScanStatus.PENDING;
            if (status == ScanStatus.INFECTED || status == ScanStatus.SUSPICIOUS || status == ScanStatus.ERROR) {
                Map<String, Object> issue = new LinkedHashMap<>();
                issue.put("path", sighting.path().orElseThrow());
                issue.put("level", status.hubWord());
                issues.add(issue);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scansDone", done);
        json.put("filesWithIssues", issues);
        return json;
    }

    /** Queues every file at the commit for a new scan (the repository's admins ask for it); returns how many. */
    public int rescan(String repoId, String commitId) {
        List<ScanQueue.Sighting> sightings = filesAt(repoId, commitId);
        pipeline.rescan(sightings);
        return sightings.size();
    }

    /** The engines this hub runs, for the rescan's answer. */
    public List<String> engines() {
        return pipeline.engines();
    }

    private List<ScanQueue.Sighting> filesAt(String repoId, String commitId) {
        try (RepoAtRevision revision = RepoAtRevision.open(storage, repoId, commitId)) {
            return sightings(repoId, revision.commitId(), revision.files(MAX_FILES));
        }
    }

    private static List<ScanQueue.Sighting> sightings(String repoId, String commitId, List<Entry> entries) {
        return entries.stream().filter(Entry::isFile).map(e -> sighting(repoId, commitId, e)).toList();
    }

    private static ScanQueue.Sighting sighting(String repoId, String commitId, Entry file) {
        return new ScanQueue.Sighting(key(file), file.size(), repoId, Optional.of(commitId), Optional.of(file.path()));
    }

    /** What a file's scan is recorded under: its LFS object, else its git blob. */
    private static ScanKey key(Entry file) {
        return file.lfs().map(lfs -> ScanKey.sha256(lfs.oid())).orElseGet(() -> ScanKey.gitBlob(file.oid().name()));
    }
}
