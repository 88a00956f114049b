package dev.hubkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 *
 * <p>The hub is not trusted with the local disk (it may be hostile, or someone in the middle of a
 * plain-http connection): its commit and blob ids must have their hex shape and its paths must be
 * plain relative paths before they name anything, and every write goes through a
 * {@link ConfinedFolder}, which keeps it inside the target folder and never follows a link.
 */
public final class Downloader {

    /** Where files go: a plain folder, or the Hub cache (blobs, snapshots/<sha>, refs). */
    public sealed interface Target {
        record Folder(Path dir) implements Target {}

        record Cache(Path hubCache) implements Target {}
    }

    private record RemoteFile(String path, long size, String sha, boolean lfs) {}

    private static final ObjectMapper JSON = new ObjectMapper();
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
        if (!HubIds.isCommit(commit)) {
            throw untrusted("It named " + shown(commit) + " as the commit of " + revision + ", which is not a commit id (40 hex digits).");
        }
        List<RemoteFile> files = list(commit).stream().filter(f -> only.isEmpty() || only.contains(f.path())).toList();
        for (String wanted : only) {
            if (files.stream().noneMatch(f -> f.path().equals(wanted))) {
                throw new HubClientException(404, "No file " + wanted + " in " + repo.id() + " at " + revision + ".",
                        Optional.of("EntryNotFound"), Optional.empty());
            }
        }
        files.forEach(this::check); // all of it before anything is written, so a lie leaves no trace
        boolean cache = target instanceof Target.Cache;
        boolean named = !revision.equals(commit);
        if (cache && named && RepoPath.problem(revision).isPresent()) {
            throw new IllegalArgumentException("--revision " + shown(revision) + " cannot be kept as a ref in the cache: "
                    + RepoPath.problem(revision).get() + ". Name a branch, a tag or a commit.");
        }
        Path base = switch (target) {
            case Target.Folder local -> local.dir();
            case Target.Cache hub -> hub.hubCache().resolve(repo.cacheFolder());
        };
        ConfinedFolder folder = open(base);
        for (RemoteFile file : files) {
            place(folder, file, commit, cache);
        }
        if (!cache) {
            return base;
        }
        if (named) {
            try {
                folder.write("refs/" + revision, commit.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not record " + revision + " in " + base.resolve("refs"), e);
            }
        }
        return base.resolve("snapshots").resolve(commit);
    }

    /** Refuses a listed file whose path or id no honest hub would send. */
    private void check(RemoteFile file) {
        Optional<String> problem = RepoPath.problem(file.path());
        if (problem.isPresent()) {
            throw untrusted("It listed a file at the path " + shown(file.path()) + ", which cannot be written safely: "
                    + problem.get() + ".");
        }
        if (!HubIds.isBlob(file.sha(), file.lfs())) {
            throw untrusted("It gave " + file.path() + " the id " + shown(file.sha()) + ", which is not "
                    + (file.lfs() ? "a sha256 (64 hex digits)." : "a git blob id (40 hex digits)."));
        }
    }

    /**
     * Puts one file in place, downloading it unless it is already there: in a folder at its path;
     * in the cache once under {@code blobs/<id>}, linked from {@code snapshots/<commit>/<path>}.
     */
    private void place(ConfinedFolder folder, RemoteFile file, String commit, boolean cache) {
        try {
            Path destination = folder.prepare(cache ? "blobs/" + file.sha() : file.path());
            if (!Files.isRegularFile(destination, LinkOption.NOFOLLOW_LINKS)) {
                fetch(commit, file, destination);
            }
            if (cache) {
                folder.link("snapshots/" + commit + "/" + file.path(), destination);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file.path(), e);
        }
    }

    private static ConfinedFolder open(Path dir) {
        try {
            return ConfinedFolder.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make the folder " + dir, e);
        }
    }

    /** The hub said something that cannot be true of any repository: it is misconfigured, or not to be trusted. */
    private HubClientException untrusted(String what) {
        return new HubClientException(0, "The hub's answer cannot be used: " + what + " Nothing was downloaded. The hub at "
                + client.endpoint() + " may be misconfigured, or not the hub you meant: check --endpoint (or HF_ENDPOINT)."
                + (client.endpoint().startsWith("http://") ? " Over plain http anyone on the way can change its answers;"
                        + " use https:// if the hub offers it." : ""), Optional.empty(), Optional.empty());
    }

    /** A string the hub sent, quoted with its control characters escaped and cut short, for messages. */
    private static String shown(String text) {
        String shortened = text.length() > 100 ? text.substring(0, 100) + "…" : text;
        try {
            return JSON.writeValueAsString(shortened);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a string always serializes", e);
        }
    }

    private List<RemoteFile> list(String commit) {
        List<RemoteFile> files = new ArrayList<>();
        String next = repo.api() + "/tree/" + commit + "?recursive=true";
        while (next != null) {
            HttpResponse<byte[]> page = client.send(client.request(next).GET(), HttpResponse.BodyHandlers.ofByteArray());
            try {
                for (JsonNode entry : JSON.readTree(page.body())) {
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

    /**
     * Downloads into {@code <destination>.incomplete}, continuing what is there, then checks the
     * hash and renames it into place. The partial file is opened without following links: a link
     * at its name is removed (the link, not what it points to) and the download starts over.
     */
    private void fetch(String commit, RemoteFile file, Path destination) throws IOException {
        Path partial = destination.resolveSibling(destination.getFileName() + ".incomplete");
        long have = resumable(partial, file.size());
        var request = client.request(repo.web() + "/resolve/" + commit + "/" + encodePath(file.path())).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
            progress.note("Resuming " + file.path() + " from " + have + " of " + file.size() + " bytes.");
        }
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        boolean resumed = have > 0 && response.statusCode() == 206;
        try (InputStream in = response.body();
                FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
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
    }

    /** How many bytes of an earlier, interrupted download of this file can be kept. */
    private static long resumable(Path partial, long size) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(partial, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return 0;
        }
        if (attributes.isSymbolicLink() || attributes.isRegularFile() && attributes.size() > size) {
            Files.delete(partial); // not ours (a link), or not this file's: start over
            return 0;
        }
        if (!attributes.isRegularFile()) {
            throw new FileSystemException(partial.toString(), null, "is in the way of the download; move it away and run it again");
        }
        return attributes.size();
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

    private static String encodePath(String path) {
        List<String> parts = new ArrayList<>();
        for (String segment : path.split("/")) {
            parts.add(Uploader.encode(segment));
        }
        return String.join("/", parts);
    }
}
