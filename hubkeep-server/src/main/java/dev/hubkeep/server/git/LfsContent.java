package dev.hubkeep.server.git;

import dev.hubkeep.server.http.FileBody;
import dev.hubkeep.server.xet.CasService;
import dev.hubkeep.server.xet.XetHash;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes behind an LFS oid, for one repository, wherever they were uploaded: whole to the LFS
 * store (git-lfs, the LFS batch API, {@code hubkeep upload}), or in chunks through Xet (the Hub's
 * clients by default), in which case a shard of the repository recorded the file under that oid
 * (its SHA-256, checked when the shard came). Every reader of LFS content asks here, so a file is
 * served the same to every client whichever way it arrived, and only to repositories that hold it.
 */
public final class LfsContent {

    /** Where one oid's bytes are for the repository asked about. */
    public sealed interface Source {
        String oid();

        long size();
    }

    /** A whole object in the LFS store. */
    public record InLfsStore(String oid, long size) implements Source {}

    /** A file stored through Xet, rebuilt from its chunks when read. */
    public record InXet(String oid, long size, XetHash xetHash) implements Source {}

    private final LfsStore store;
    private final LfsObjects objects;
    private final CasService xet;

    public LfsContent(LfsStore store, LfsObjects objects, CasService xet) {
        this.store = store;
        this.objects = objects;
        this.xet = xet;
    }

    /** The oid's bytes if the repository holds them (the LFS store's copy first: it is served without decoding). */
    public Optional<Source> find(String repoId, String oid) {
        Optional<Long> size = objects.sizeIn(repoId, oid);
        if (size.isPresent() && store.exists(oid)) {
            return Optional.of(new InLfsStore(oid, size.get()));
        }
        return xet.fileBySha256(repoId, oid).map(file -> new InXet(oid, file.size(), file.hash()));
    }

    /** Of {@code oids}, those uploaded to the repository through Xet, with their Xet hashes (one query). */
    public Map<String, XetHash> xetHashes(String repoId, Collection<String> oids) {
        return xet.fileHashesBySha256(repoId, oids);
    }

    /** Sends bytes {@code [offset, offset + length)} of the content as the response's body. */
    public void send(HttpServletResponse response, Source source, long offset, long length) throws IOException {
        switch (source) {
            case InLfsStore lfs -> FileBody.send(response, store.pathOf(lfs.oid()), offset, length);
            case InXet file -> xet.copy(file.xetHash(), offset, length, response.getOutputStream());
        }
    }
}
