package dev.hubkeep.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A folder that downloads write into and never out of, whatever names they are given. Every folder
 * on the way to a file must be a real folder inside it: a symbolic link there is refused, not
 * followed, since writing through it would put the hub's bytes wherever it points. Files and links
 * are made under a temporary name and renamed into place, which replaces a link standing at the
 * destination instead of writing through it. The folder itself may be a link: the user chose it.
 */
final class ConfinedFolder {

    private final Path root;

    private ConfinedFolder(Path root) {
        this.root = root;
    }

    /** Makes {@code dir} if it is missing. */
    static ConfinedFolder open(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new ConfinedFolder(dir.toRealPath());
    }

    /**
     * Where {@code relative} (a '/'-separated path, see {@link RepoPath}) goes, with the folders
     * on its way made; nothing is written at the returned path itself.
     */
    Path prepare(String relative) throws IOException {
        Optional<String> problem = RepoPath.problem(relative);
        if (problem.isPresent()) {
            throw new FileSystemException(relative, null, "not a plain relative path: " + problem.get());
        }
        String[] segments = relative.split("/", -1);
        Path folder = root;
        for (int i = 0; i < segments.length - 1; i++) {
            folder = folder.resolve(segments[i]);
            makeFolder(folder);
        }
        // The walk above refused links; this also catches one swapped in since (by another process).
        if (!folder.toRealPath().startsWith(root)) {
            throw new FileSystemException(folder.toString(), null, "leads outside " + root + "; nothing was written there");
        }
        return folder.resolve(segments[segments.length - 1]);
    }

    /** Writes {@code relative} whole: a temporary file beside it, then a rename over whatever is there. */
    void write(String relative, byte[] content) throws IOException {
        Path target = prepare(relative);
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Makes {@code relative} a symbolic link to {@code target} (a path inside this folder), relative to where it stands. */
    void link(String relative, Path target) throws IOException {
        Path link = prepare(relative);
        Path temporary = link.resolveSibling("." + link.getFileName() + ".link");
        Files.deleteIfExists(temporary); // a leftover of an interrupted run; deleting a link never touches what it points to
        Files.createSymbolicLink(temporary, link.getParent().relativize(target));
        try {
            Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void makeFolder(Path folder) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            try {
                Files.createDirectory(folder);
                return;
            } catch (FileAlreadyExistsException raced) {
                attributes = Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
        }
        if (attributes.isSymbolicLink()) {
            throw new FileSystemException(folder.toString(), null, "is a symbolic link, and downloads never write through"
                    + " links; replace it with a real folder, or download into another folder");
        }
        if (!attributes.isDirectory()) {
            throw new FileSystemException(folder.toString(), null, "is a file where the download needs a folder;"
                    + " move it away, or download into another folder");
        }
    }
}
