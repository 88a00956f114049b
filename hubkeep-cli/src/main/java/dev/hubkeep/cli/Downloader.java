package dev.hubkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads files at one commit. Each file is written to {@code <target>.incomplete} first; an
 * interrupted download continues from what is there (a {@code Range} request), and the bytes are
 * checked against the hub's sha (sha256 for LFS files, the git blob sha1 otherwise) before the
 * file is renamed into place. Into a folder, or the Hub's cache layout under {@code $HF_HOME/hub}.
 */
public final class Downloader {

    /** Where files go: a plain folder, or the Hub cache (blobs, snapshots/<sha>, refs). */
    public sealed interface Target {
        record Folder(Path dir) implements Target {}

        record Cache(Path hubCache) implements Target {}
    }

    private record RemoteFile(String path, long size, String sha, boolean lfs) {}

    private static final Pattern NEXT = Pattern.compile("<(https?://[^>]+)>;\\s*rel=\"next\"");

    private final HubClient client;
    private final RepoId repo;
    private final Progress progress;

    Downloader(HubClient client, RepoId repo, Progress progress) {
        this.client = client;
        this.repo = repo;
        this.progress = progress;
    }

    Path download(String revision, List<String> only, Target target) {
        String commit = client.getJson(repo.api() + "/revision/" + Uploader.encode(revision)).path("sha").asText();
        List<RemoteFile> files = list(commit).stream().filter(f -> only.isEmpty() || only.contains(f.path())).toList();
        for (String wanted : only) {
            if (files.stream().noneMatch(f -> f.path().equals(wanted))) {
                throw new HubClientException(404, "No file " + wanted + " in " + repo.id() + " at " + revision + ".",
                        Optional.of("EntryNotFound"), Optional.empty());
            }
        }
        Path root = switch (target) {
            case Target.Folder folder -> folder.dir();
            case Target.Cache cache -> cache.hubCache().resolve(repo.cacheFolder()).resolve("snapshots").resolve(commit);
        };
        for (RemoteFile file : files) {
            Path destination = switch (target) {
                case Target.Folder folder -> safe(folder.dir(), file.path());
                case Target.Cache cache -> safe(cache.hubCache().resolve(repo.cacheFolder()).resolve("blobs"), file.sha());
            };
            if (!Files.isRegularFile(destination)) {
                fetch(commit, file, destination);
            }
            if (target instanceof Target.Cache cache) {
                link(safe(root, file.path()), destination);
                writeRef(cache.hubCache().resolve(repo.cacheFolder()).resolve("refs"), revision, commit);
            }
        }
        return root;
    }

    private List<RemoteFile> list(String commit) {
        List<RemoteFile> files = new ArrayList<>();
        String next = repo.api() + "/tree/" + commit + "?recursive=true";
        while (next != null) {
            HttpResponse<byte[]> page = client.send(client.request(next).GET(), HttpResponse.BodyHandlers.ofByteArray());
            try {
                for (JsonNode entry : new com.fasterxml.jackson.databind.ObjectMapper().readTree(page.body())) {
                    if (entry.path("type").asText().equals("file")) {
                        JsonNode lfs = entry.path("lfs");
                        files.add(new RemoteFile(entry.path("path").asText(), entry.path("size").asLong(),
                                lfs.isMissingNode() ? entry.path("oid").asText() : lfs.path("oid").asText(), !lfs.isMissingNode()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher link = NEXT.matcher(page.headers().firstValue("Link").orElse(""));
            next = link.find() ? link.group(1) : null;
        }
        return files;
    }

    private void fetch(String commit, RemoteFile file, Path destination) {
        Path partial = destination.resolveSibling(destination.getFileName() + ".incomplete");
        try {
            Files.createDirectories(destination.getParent());
            long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
            if (have > file.size()) {
                Files.delete(partial);
                have = 0;
            }
            var request = client.request(repo.web() + "/resolve/" + commit + "/" + encodePath(file.path())).GET();
            if (have > 0) {
                request.header("Range", "bytes=" + have + "-");
                progress.note("Resuming " + file.path() + " from " + have + " of " + file.size() + " bytes.");
            }
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            boolean resumed = have > 0 && response.statusCode() == 206;
            try (InputStream in = response.body();
                    FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                long done = resumed ? have : 0;
                OutputStream stream = java.nio.channels.Channels.newOutputStream(out);
                byte[] buffer = new byte[1 << 20];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    stream.write(buffer, 0, n);
                    done += n;
                    progress.advanced(file.path(), done, file.size());
                }
                out.force(true);
            }
            String actual = file.lfs() ? digest(partial, "SHA-256", null) : digest(partial, "SHA-1", Files.size(partial));
            if (!actual.equals(file.sha())) {
                Files.delete(partial);
                throw new HubClientException(0, file.path() + " arrived damaged (its hash is " + actual + ", not "
                        + file.sha() + "); it was discarded, run the download again.", Optional.empty(), Optional.empty());
            }
            Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + destination, e);
        }
    }

    /** sha256 of the bytes, or git's blob id (sha1 over "blob <size>\0" and the bytes). */
    private static String digest(Path file, String algorithm, Long gitBlobSize) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            if (gitBlobSize != null) {
                digest.update(("blob " + gitBlobSize + "\0").getBytes(StandardCharsets.US_ASCII));
            }
            return FileSlice.hex(file, 0, Files.size(file), digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void link(Path snapshotFile, Path blob) {
        try {
            Files.createDirectories(snapshotFile.getParent());
            Files.deleteIfExists(snapshotFile);
            Files.createSymbolicLink(snapshotFile, snapshotFile.getParent().relativize(blob));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not link " + snapshotFile, e);
        }
    }

    private static void writeRef(Path refs, String revision, String commit) {
        if (revision.equals(commit)) {
            return;
        }
        try {
            Path ref = safe(refs, revision);
            Files.createDirectories(ref.getParent());
            Files.writeString(ref, commit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code relative} under {@code base}, never outside it, whatever the hub sent. */
    private static Path safe(Path base, String relative) {
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base.normalize()) || relative.startsWith("/")) {
            throw new HubClientException(0, "The hub listed a path outside the repository: " + relative, Optional.empty(),
                    Optional.empty());
        }
        return resolved;
    }

    private static String encodePath(String path) {
        List<String> parts = new ArrayList<>();
        for (String segment : path.split("/")) {
            parts.add(Uploader.encode(segment));
        }
        return String.join("/", parts);
    }
}
