package dev.hubkeep.server.files;

import dev.hubkeep.server.xet.XetHash;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A tree or paths-info entry in the Hub's shape; {@code xetHash} for a file uploaded through Xet. */
final class EntryJson {

    private EntryJson() {}

    static Map<String, Object> of(Entry entry, Optional<CommitSummary> lastCommit, Optional<XetHash> xetHash) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", entry.isFile() ? "file" : "directory");
        json.put("oid", entry.oid().getName());
        json.put("size", entry.size());
        json.put("path", entry.path());
        entry.lfs().ifPresent(lfs -> json.put("lfs", Map.of("oid", lfs.oid(), "size", lfs.size(), "pointerSize", entry.blobSize())));
        xetHash.ifPresent(hash -> json.put("xetHash", hash.hex()));
        lastCommit.ifPresent(c -> json.put("lastCommit", Map.of("id", c.id(), "title", c.title(), "date", c.date().toString())));
        return json;
    }
}
