package dev.hubkeep.server.files;

/** One change a commit makes to the tree. Paths are validated when the operation is made. */
public sealed interface CommitOperation {

    String path();

    /** A file whose bytes travel in the commit itself. */
    record AddFile(String path, byte[] content) implements CommitOperation {
        public AddFile {
            RepoPath.validate(path);
        }
    }

    /** A file already uploaded to LFS, named by its sha256; git gets its pointer. */
    record AddLfsFile(String path, LfsPointer pointer) implements CommitOperation {
        public AddLfsFile {
            RepoPath.validate(path);
        }
    }

    record DeleteFile(String path) implements CommitOperation {
        public DeleteFile {
            RepoPath.validate(path);
        }
    }

    record DeleteFolder(String path) implements CommitOperation {
        public DeleteFolder {
            path = RepoPath.validateFolder(path);
        }
    }
}
