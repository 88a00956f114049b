package dev.hubkeep.server.files;

import dev.hubkeep.server.repos.Repo;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * What the scanning pipeline (package {@code scan}) adds to the files API: each file's scan
 * status on expanded tree and paths-info entries, queueing files a view finds without one, and
 * the check before a download.
 */
public interface FileScans {

    /** The {@code securityFileStatus} of each file entry, by path; those without a status are queued. */
    Map<String, Map<String, Object>> securityStatus(String repoId, String commitId, List<Entry> files);

    /** Files were listed: those without a status are queued. */
    void viewed(String repoId, String commitId, List<Entry> files);

    /**
     * Before {@code file} of {@code repo} is served: sets {@code X-Scan-Status}, and throws the
     * refusal when the file is infected and this caller may not download it. {@code servesPointer}
     * when the bytes served are the LFS pointer itself ({@code raw}), not the object.
     */
    void screenDownload(Context ctx, Repo repo, String commitId, Entry file, boolean servesPointer);
}
