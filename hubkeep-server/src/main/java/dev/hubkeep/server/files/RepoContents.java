package dev.hubkeep.server.files;

import dev.hubkeep.server.git.RepoStorage;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collections;
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

    /** How many siblings all kept lists may hold together. */
    private static final long SIBLINGS_KEPT = 2_000_000;

    private record At(String repoId, String commitId) {}

    private record Listing(String repoId, String commitId, boolean blobs) {}

    private final RepoStorage storage;
    // A commit never changes, so what is derived from one is kept, without invalidation, within bounds.
    private final Cache<At, Optional<JsonNode>> cards = Caffeine.newBuilder().maximumSize(100_000).build();
    private final Cache<Listing, List<Map<String, Object>>> listings = Caffeine.newBuilder()
            .maximumWeight(SIBLINGS_KEPT)
            .<Listing, List<Map<String, Object>>>weigher((key, siblings) -> 1 + siblings.size())
            .build();

    public RepoContents(RepoStorage storage) {
        this.storage = storage;
    }

    /**
     * The metadata block of {@code README.md} at the commit, if it has a valid one. The node is shared
     * by every caller: nobody may change it.
     */
    @Override
    public Optional<JsonNode> cardData(String repoId, String commitId) {
        return cards.get(new At(repoId, commitId), at -> readCardData(repoId, commitId));
    }

    @Override
    public List<Map<String, Object>> siblings(String repoId, String commitId, boolean blobs) {
        return listings.get(new Listing(repoId, commitId, blobs), listing -> listSiblings(repoId, commitId, blobs));
    }

    private Optional<JsonNode> readCardData(String repoId, String commitId) {
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

    private List<Map<String, Object>> listSiblings(String repoId, String commitId, boolean blobs) {
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
                return Collections.unmodifiableMap(sibling);
            }).toList();
        }
    }
}
