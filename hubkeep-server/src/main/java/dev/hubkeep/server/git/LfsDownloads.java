package dev.hubkeep.server.git;

import java.util.List;
import java.util.Map;

/**
 * Which LFS objects a batch download may hand out: the scanning pipeline refuses infected ones to
 * callers who may not have them (docs/scanning.md), the same rule as for {@code resolve}.
 */
@FunctionalInterface
public interface LfsDownloads {

    /** For each of these objects of the repository that may not be handed out, why not. */
    Map<String, String> refusals(String repoId, List<String> oids, boolean callerMayWrite);

    LfsDownloads ALL = (repoId, oids, callerMayWrite) -> Map.of();
}
