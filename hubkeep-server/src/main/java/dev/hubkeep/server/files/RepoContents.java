package dev.hubkeep.server.files;

import dev.hubkeep.server.git.RepoStorage;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;

/**
 * What repo info shows of a repository's files: the {@code siblings} (every file as
 * {@code {rfilename}}, with {@code blobs=true} also its size, blob id and LFS facts, as
 * {@code model_info(files_metadata=True)} reads them; at most {@link #MAX_SIBLINGS}) and the
 * {@code cardData}, the README's metadata.
 */
public final class RepoContents implements dev.hubkeep.server.repos.RepoHandlers.Contents {

    /**
     * The most files {@code siblings} lists. huggingface_hub takes more than 50 000 siblings as a
     * sign the list is incomplete and lists the files with the (paged) tree API instead, so a larger
     * repository lists its first 50 001 files: enough for that client to know, bounded for the hub.
     */
    static final int MAX_SIBLINGS = 50_001;

    /** The README whose front matter becomes {@code cardData}; larger ones are not read for it. */
    private static final int MAX_README_BYTES = 1024 * 1024;

    private final RepoStorage storage;

    public RepoContents(RepoStorage storage) {
        this.storage = storage;
    }

    /** The metadata block of {@code README.md} at the commit, if it has a valid one. */
    @Override
    public Optional<JsonNode> cardData(String repoId, String commitId) {
        try (RepoAtRevision revision = RepoAtRevision.open(storage, repoId, commitId)) {
            Optional<Entry> readme = revision.entry("README.md").filter(e -> e.isFile() && e.lfs().isEmpty());
            if (readme.isEmpty() || readme.get().blobSize() > MAX_README_BYTES) {
                return Optional.empty();
            }
            return ReadmeMetadata.parse(new String(revision.bytes(readme.get(), MAX_README_BYTES), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Map<String, Object>> siblings(String repoId, String commitId, boolean blobs) {
        try (RepoAtRevision revision = RepoAtRevision.open(storage, repoId, commitId)) {
            if (!blobs) {
                return revision.filePaths(MAX_SIBLINGS).stream()
                        .map(path -> Map.<String, Object>of("rfilename", path))
                        .toList();
            }
            return revision.files(MAX_SIBLINGS).stream().map(file -> {
                Map<String, Object> sibling = new LinkedHashMap<>();
                sibling.put("rfilename", file.path());
                sibling.put("size", file.size());
                sibling.put("blobId", file.oid().getName());
                file.lfs().ifPresent(lfs -> sibling.put("lfs",
                        Map.of("sha256", lfs.oid(), "size", lfs.size(), "pointerSize", file.blobSize())));
                return sibling;
            }).toList();
        }
    }
}
