package dev.hubkeep.server.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The preupload decision: which files go to LFS and which travel inside the commit. LFS takes
 * what {@code .gitattributes} sends there, binary content (a NUL in the first bytes, as git
 * judges it), and anything of {@value #LFS_THRESHOLD_BYTES} bytes or more; empty files never go
 * to LFS. {@code oid} names what the path holds now, so a client can skip unchanged files.
 */
public final class UploadModes {

    /** From this size on a file goes to LFS, as on the public Hub (10 MB). */
    public static final long LFS_THRESHOLD_BYTES = 10L * 1000 * 1000;

    /** A file a client plans to upload: path, size and its first bytes. */
    public record Planned(String path, long size, byte[] sample) {
        public Planned {
            RepoPath.validate(path);
        }
    }

    /** The answer for one file. */
    public record Decision(String path, boolean lfs, boolean shouldIgnore, Optional<String> oid) {}

    private UploadModes() {}

    public static List<Decision> decide(RepoAtRevision revision, List<Planned> files, Optional<String> gitIgnore,
            Optional<String> gitAttributes) throws IOException {
        GitAttributes attributes = new GitAttributes(gitAttributes
                .map(text -> text.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> current(revision)));
        IgnoreNode ignore = new IgnoreNode();
        if (gitIgnore.isPresent()) {
            ignore.parse(new ByteArrayInputStream(gitIgnore.get().getBytes(StandardCharsets.UTF_8)));
        }
        List<Decision> decisions = new ArrayList<>(files.size());
        for (Planned file : files) {
            boolean lfs = file.size() > 0
                    && (file.size() >= LFS_THRESHOLD_BYTES || isBinary(file.sample()) || attributes.isLfs(file.path()));
            boolean ignored = Boolean.TRUE.equals(ignore.checkIgnored(file.path(), false));
            Optional<String> oid = revision.entry(file.path()).filter(Entry::isFile).map(Entry::etag);
            decisions.add(new Decision(file.path(), lfs, ignored, oid));
        }
        return decisions;
    }

    private static byte[] current(RepoAtRevision revision) {
        return revision.entry(GitAttributes.PATH).filter(Entry::isFile).map(entry -> {
            try {
                return revision.bytes(entry, 1024 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(new byte[0]);
    }

    /** Git's own test: a NUL byte among the first bytes makes a file binary. */
    static boolean isBinary(byte[] sample) {
        for (byte b : sample) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }
}
