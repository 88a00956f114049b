package dev.hubkeep.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which local files an upload publishes, and which it leaves out and why. A folder gives its
 * regular files and nothing else: a symbolic link counts only when it leads to a regular file
 * inside the folder (a link to {@code /proc/self/environ} once published a user's HF_TOKEN),
 * fifos, devices and sockets are left out (reading one can hang or yield anything), and so are
 * the files that hold tokens by convention ({@link #SECRET_NAMES}, {@code .env.*}), since a repo is
 * often public. A file named on the command line is the user's explicit choice and always taken.
 * Git's own metadata ({@code .git}) is never content.
 */
final class UploadSelection {

    /** A file to upload: where its bytes are read from, and its path in the repository. */
    record LocalFile(Path file, String pathInRepo, long size) {}

    /** A file left out, by its path relative to the folder, and why. */
    record Skipped(String path, String reason) {}

    /**
     * Token files: {@code .env} (which this client reads tokens from), the Hub clients' token files
     * ({@code token}, {@code stored_tokens} in {@code $HF_HOME}), and git's credential stores, where a
     * hub token is the password.
     */
    static final Set<String> SECRET_NAMES = Set.of(".env", "token", "stored_tokens", ".git-credentials", ".netrc", "_netrc");

    private final List<LocalFile> files;
    private final List<Skipped> skipped;

    private UploadSelection(List<LocalFile> files, List<Skipped> skipped) {
        this.files = List.copyOf(files);
        this.skipped = List.copyOf(skipped);
    }

    List<LocalFile> files() {
        return files;
    }

    List<Skipped> skipped() {
        return skipped;
    }

    /** What uploading {@code local} (a file or a folder) to {@code pathInRepo} takes. */
    static UploadSelection of(Path local, String pathInRepo) {
        try {
            if (Files.isRegularFile(local)) {
                String target = pathInRepo.isEmpty() ? local.getFileName().toString() : pathInRepo;
                return new UploadSelection(List.of(new LocalFile(local, target, Files.size(local))), List.of());
            }
            if (!Files.isDirectory(local)) {
                throw new IllegalArgumentException(local + " is neither a file nor a folder.");
            }
            String prefix = pathInRepo.isEmpty() || pathInRepo.endsWith("/") ? pathInRepo : pathInRepo + "/";
            return walk(local, local.toRealPath(), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + local, e);
        }
    }

    /** Walks {@code root} (the real path of {@code given}, the folder as the user named it). */
    private static UploadSelection walk(Path given, Path root, String prefix) throws IOException {
        List<LocalFile> files = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        // Links are not followed by the walk: each one is judged by where it leads (visitFile).
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return dir.getFileName().toString().equals(".git") && !dir.equals(root)
                        ? FileVisitResult.SKIP_SUBTREE // a local clone's own metadata, left out silently as always
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String relative = root.relativize(file).toString().replace('\\', '/');
                String explicitly = "hubkeep upload REPO " + given.resolve(relative) + " " + prefix + relative;
                Optional<String> reason = reasonToSkip(root, file, attributes, explicitly);
                if (reason.isPresent()) {
                    skipped.add(new Skipped(relative, reason.get()));
                } else {
                    Path real = file.toRealPath();
                    files.add(new LocalFile(real, prefix + relative, Files.size(real)));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.comparing(LocalFile::pathInRepo));
        skipped.sort(Comparator.comparing(Skipped::path));
        return new UploadSelection(files, skipped);
    }

    /** Why {@code file} (found under {@code root}) is left out, if it is; {@code explicitly} uploads it by name. */
    private static Optional<String> reasonToSkip(Path root, Path file, BasicFileAttributes attributes, String explicitly) {
        if (attributes.isSymbolicLink()) {
            Optional<Path> real = realPath(file);
            if (real.isEmpty()) {
                return Optional.of("a symbolic link that leads nowhere");
            }
            if (!real.get().startsWith(root)) {
                return Optional.of("a symbolic link to " + real.get() + ", outside the folder; only files inside it are uploaded");
            }
            if (!Files.isRegularFile(real.get())) {
                return Optional.of("a symbolic link to a folder or a special file; only links to files are followed");
            }
            return secret(real.get(), explicitly).or(() -> secret(file, explicitly));
        }
        if (!attributes.isRegularFile()) {
            return Optional.of("not a regular file (a fifo, device or socket)");
        }
        return secret(file, explicitly);
    }

    private static Optional<String> secret(Path file, String explicitly) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return SECRET_NAMES.contains(name) || name.startsWith(".env.")
                ? Optional.of("may hold secrets such as access tokens; to upload it anyway, name it on the command line: "
                        + explicitly)
                : Optional.empty();
    }

    private static Optional<Path> realPath(Path link) {
        try {
            return Optional.of(link.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
