package dev.hubkeep.server.files;

import dev.hubkeep.server.git.RepoStorage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code siblings} of repo info: every file at the commit as {@code {rfilename}}, and with
 * {@code blobs=true} also its size, blob id and LFS facts, as {@code model_info(files_metadata=True)} reads them.
 */
public final class Siblings {

    private final RepoStorage storage;

    public Siblings(RepoStorage storage) {
        this.storage = storage;
    }

    public List<Map<String, Object>> at(String repoId, String commitId, boolean blobs) {
        try (RepoAtRevision revision = RepoAtRevision.open(storage, repoId, commitId)) {
            return revision.list("", true).stream().filter(Entry::isFile).map(file -> {
                Map<String, Object> sibling = new LinkedHashMap<>();
                sibling.put("rfilename", file.path());
                if (blobs) {
                    sibling.put("size", file.size());
                    sibling.put("blobId", file.oid().getName());
                    file.lfs().ifPresent(lfs -> sibling.put("lfs",
                            Map.of("sha256", lfs.oid(), "size", lfs.size(), "pointerSize", file.blobSize())));
                }
                return sibling;
            }).toList();
        }
    }
}
