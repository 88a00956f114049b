package dev.hubkeep.server.scan;

import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.repos.RepoType;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/{type}s/{ns}/{name}/scan[?revision=…]}: the repository's admins queue every file
 * at the revision (default {@code main}) for a new scan, for instance after clamd's signatures
 * were updated. Answers 202 with how many files were queued and by which engines.
 */
public final class ScanHandlers {

    private final RepoService repos;
    private final ScanService scans;

    public ScanHandlers(RepoService repos, ScanService scans) {
        this.repos = repos;
        this.scans = scans;
    }

    public Handler rescan(RepoType type) {
        return ctx -> {
            String revision = Optional.ofNullable(ctx.queryParam("revision")).filter(r -> !r.isBlank()).orElse("main");
            RepoService.Snapshot snapshot = repos.snapshot(Requests.repo(ctx), revision);
            int queued = scans.rescan(snapshot.repo().id(), snapshot.commit().getName());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("commit", snapshot.commit().getName());
            json.put("queued", queued);
            json.put("engines", scans.engines());
            ctx.status(202).json(json);
        };
    }
}
