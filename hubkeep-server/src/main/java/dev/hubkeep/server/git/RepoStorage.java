package dev.hubkeep.server.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import dev.hubkeep.server.store.Change;
import dev.hubkeep.server.store.Changes;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The bare git repositories under {@code <data>/repos/<repo id>.git}. A repository is named by
 * its id, not its name, so renaming or moving it never touches the disk. A new one appears whole:
 * built under a temporary name, then renamed into place.
 */
public final class RepoStorage implements AutoCloseable {

    /** Files git-lfs should store: the usual weights, archives and binary data formats. */
    static final String GITATTRIBUTES = String.join("\n",
            "*.7z filter=lfs diff=lfs merge=lfs -text",
            "*.arrow filter=lfs diff=lfs merge=lfs -text",
            "*.bin filter=lfs diff=lfs merge=lfs -text",
            "*.bz2 filter=lfs diff=lfs merge=lfs -text",
            "*.ckpt filter=lfs diff=lfs merge=lfs -text",
            "*.gguf filter=lfs diff=lfs merge=lfs -text",
            "*.gz filter=lfs diff=lfs merge=lfs -text",
            "*.h5 filter=lfs diff=lfs merge=lfs -text",
            "*.joblib filter=lfs diff=lfs merge=lfs -text",
            "*.mlmodel filter=lfs diff=lfs merge=lfs -text",
            "*.model filter=lfs diff=lfs merge=lfs -text",
            "*.msgpack filter=lfs diff=lfs merge=lfs -text",
            "*.npy filter=lfs diff=lfs merge=lfs -text",
            "*.npz filter=lfs diff=lfs merge=lfs -text",
            "*.onnx filter=lfs diff=lfs merge=lfs -text",
            "*.ot filter=lfs diff=lfs merge=lfs -text",
            "*.parquet filter=lfs diff=lfs merge=lfs -text",
            "*.pb filter=lfs diff=lfs merge=lfs -text",
            "*.pickle filter=lfs diff=lfs merge=lfs -text",
            "*.pkl filter=lfs diff=lfs merge=lfs -text",
            "*.pt filter=lfs diff=lfs merge=lfs -text",
            "*.pth filter=lfs diff=lfs merge=lfs -text",
            "*.safetensors filter=lfs diff=lfs merge=lfs -text",
            "*.tar filter=lfs diff=lfs merge=lfs -text",
            "*.tflite filter=lfs diff=lfs merge=lfs -text",
            "*.tgz filter=lfs diff=lfs merge=lfs -text",
            "*.wasm filter=lfs diff=lfs merge=lfs -text",
            "*.xz filter=lfs diff=lfs merge=lfs -text",
            "*.zip filter=lfs diff=lfs merge=lfs -text",
            "*.zst filter=lfs diff=lfs merge=lfs -text",
            "");

    private final Path root;
    private final Map<String, Repository> open = new ConcurrentHashMap<>();
    private final Changes changes;

    /**
     * The ref state of one repository as the cache sees it: how many ref changes are under way (while
     * any is, revisions are read from disk and nothing is kept) and a generation bumped when one ends.
     */
    private static final class RefState {
        final AtomicInteger changing = new AtomicInteger();
        final AtomicLong generation = new AtomicLong();
        /** Revision → commit: kept until a ref of the repository changes. */
        final Map<String, ObjectId> commits = new ConcurrentHashMap<>();
    }

    /** The most revisions kept per repository (branches, tags, shas asked for); past it, the rest are read. */
    private static final int REVISIONS_KEPT = 1000;
    private final Map<String, RefState> refStates = new ConcurrentHashMap<>();

    public RepoStorage(Path root, Changes changes) {
        this.root = root;
        this.changes = changes;
        changes.subscribe(change -> {
            switch (change) {
                case Change.Refs refs -> forgetRefs(refs.repoId());
                case Change.Everything ignored -> refStates.keySet().forEach(this::forgetRefs);
                default -> {}
            }
        });
    }

    public Path pathOf(String repoId) {
        return root.resolve(repoId + ".git");
    }

    /**
     * A new bare repository on branch main with one commit holding {@code .gitattributes}, signed by
     * {@code signer} (the hub's key) before it is written.
     */
    public void create(String repoId, String author, Instant at, Consumer<CommitBuilder> signer) {
        Path target = pathOf(repoId);
        Path temporary = root.resolve(".new-" + repoId + ".git");
        try {
            Files.createDirectories(root);
            try (Git git = Git.init().setBare(true).setInitialBranch("main").setDirectory(temporary.toFile()).call()) {
                Repository repo = git.getRepository();
                repo.getConfig().setBoolean("http", null, "receivepack", true);
                withoutAutoGc(repo);
                repo.getConfig().save();
                initialCommit(repo, author, at, signer);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | GitAPIException e) {
            deleteTree(temporary);
            throw new StorageException("Could not create the git repository for " + repoId, e);
        }
    }

    private static void initialCommit(Repository repo, String author, Instant at, Consumer<CommitBuilder> signer)
            throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, GITATTRIBUTES.getBytes(StandardCharsets.UTF_8));
            TreeFormatter tree = new TreeFormatter();
            tree.append(".gitattributes", FileMode.REGULAR_FILE, blob);
            ObjectId treeId = inserter.insert(tree);
            PersonIdent ident = new PersonIdent(author, author + "@users.noreply.hubkeep", at, ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(treeId);
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage("initial commit\n");
            signer.accept(commit);
            ObjectId commitId = inserter.insert(commit);
            inserter.flush();
            RefUpdate update = repo.updateRef("refs/heads/main");
            update.setNewObjectId(commitId);
            update.setExpectedOldObjectId(ObjectId.zeroId());
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW) {
                throw new IOException("could not create refs/heads/main: " + result);
            }
        }
    }

    /** Removes the repository's storage: renamed aside first, so a crash never leaves half of it in place. */
    public void delete(String repoId) {
        try (RefChange ignored = changingRefs(repoId)) {
            deleteStorage(repoId);
        }
    }

    private void deleteStorage(String repoId) {
        Repository shared = open.remove(repoId);
        if (shared != null) {
            shared.close();
        }
        Path target = pathOf(repoId);
        if (!Files.exists(target)) {
            return;
        }
        Path trash = root.resolve(".deleted-" + repoId + "-" + System.nanoTime());
        try {
            Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageException("Could not delete the git repository " + repoId, e);
        }
        deleteTree(trash);
    }

    /**
     * The repository, shared by every request and the background repack: one JGit instance per
     * repository, so that when a repack replaces loose objects by a pack, every reader's view of
     * the object database changes with it. Callers close what they open (that only releases it).
     */
    public Repository open(String repoId) {
        Repository repo = open.computeIfAbsent(repoId, id -> {
            try {
                Repository built = new FileRepositoryBuilder().setGitDir(pathOf(id).toFile()).setMustExist(true).build();
                if (built.getConfig().getBoolean("receive", null, "autogc", true)) {
                    withoutAutoGc(built); // a repository made before the setting existed
                    built.getConfig().save();
                }
                return built;
            } catch (IOException e) {
                throw new StorageException("Could not open the git repository " + id, e);
            }
        });
        repo.incrementOpen();
        return repo;
    }

    /**
     * JGit runs its own gc after a push when packs pile up; the hub's {@link RepoMaintenance}
     * already repacks after every push, and two repacks at once race (a reader then meets a pack
     * that vanished). Only the hub's repack runs.
     */
    private static void withoutAutoGc(Repository repo) {
        repo.getConfig().setBoolean("receive", null, "autogc", false);
    }

    /** Releases every shared repository (at shutdown). */
    @Override
    public void close() {
        open.values().forEach(Repository::close);
        open.clear();
    }

    /** The commit a revision (branch, tag, full or abbreviated sha) names, or a 404 {@code RevisionNotFound}. */
    public RevCommit resolve(String repoId, String revision) {
        try (Repository repo = open(repoId); RevWalk walk = new RevWalk(repo)) {
            return walk.parseCommit(commitOf(repoId, revision));
        } catch (IOException e) {
            throw new StorageException("Could not read the git repository " + repoId, e);
        }
    }

    /**
     * The id of the commit a revision names, or a 404 {@code RevisionNotFound}. Kept per repository
     * until one of its refs changes (every change goes through {@link #changingRefs}); abbreviated
     * shas are always looked up, since an object arriving may make one ambiguous.
     */
    public ObjectId commitOf(String repoId, String revision) {
        RefState state = refStates.computeIfAbsent(repoId, id -> new RefState());
        boolean usable = changes.cachesUsable(); // false while another node's ref changes may go unheard
        if (usable && state.changing.get() == 0) {
            ObjectId cached = state.commits.get(revision);
            if (cached != null) {
                return cached;
            }
        }
        long before = state.generation.get();
        ObjectId id;
        try (Repository repo = open(repoId); RevWalk walk = new RevWalk(repo)) {
            id = Revision.resolve(repo, walk, revision).copy();
        }
        if (usable && !Revision.isAbbreviatedSha(revision) && state.commits.size() < REVISIONS_KEPT
                && state.changing.get() == 0 && state.generation.get() == before) {
            state.commits.put(revision, id);
            if (state.changing.get() != 0 || state.generation.get() != before) {
                state.commits.remove(revision, id); // a ref change began meanwhile: what was read may be gone
            }
        }
        return id;
    }

    /** A ref change under way: closing it announces {@link Change.Refs}, so every node forgets the old refs. */
    public interface RefChange extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Marks a change to the repository's refs (a push, a commit, a branch or tag made or deleted)
     * from now until the result is closed, which announces it. Meanwhile revisions are read from disk.
     */
    public RefChange changingRefs(String repoId) {
        RefState state = refStates.computeIfAbsent(repoId, id -> new RefState());
        state.changing.incrementAndGet();
        return () -> {
            try {
                changes.publish(new Change.Refs(repoId));
            } finally {
                state.changing.decrementAndGet();
            }
        };
    }

    private void forgetRefs(String repoId) {
        RefState state = refStates.get(repoId);
        if (state != null) {
            state.generation.incrementAndGet();
            state.commits.clear();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
