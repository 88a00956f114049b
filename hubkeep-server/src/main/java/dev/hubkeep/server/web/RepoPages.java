package dev.hubkeep.server.web;

import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.files.CommitSummary;
import dev.hubkeep.server.files.Entry;
import dev.hubkeep.server.files.FileScans;
import dev.hubkeep.server.files.RepoAtRevision;
import dev.hubkeep.server.files.RepoPath;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.repos.RepoType;
import dev.hubkeep.server.trust.CommitSignature;
import dev.hubkeep.server.trust.CommitSignatures;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A repository's pages: its card (README) and files, a folder, a file, the history with each
 * commit's signature badge, and one commit. The route's guard has decided {@code REPO_READ}, as for
 * the API (a private repository is a 404 to whoever may not read it); the pages read through the
 * same services and git views as the files API. Every list is bounded and paged.
 */
public final class RepoPages {

    static final String DEFAULT_REVISION = "main";
    /** Entries of a folder per page. */
    static final int TREE_PAGE = 1000;
    /** Commits per page of the history. */
    static final int COMMITS_PAGE = 50;
    /** The largest file shown in the page; larger ones are downloaded. */
    static final int MAX_SHOWN_BYTES = 512 * 1024;
    static final int MAX_README_BYTES = 1024 * 1024;
    /** The most changed files one commit's page lists. */
    static final int MAX_CHANGES = 1000;
    private static final List<String> READMES = List.of("README.md", "readme.md", "README.MD", "Readme.md");

    /**
     * What every page of a repository shows at its top.
     *
     * @param canManage whether to offer the Settings tab
     * @param handlesRequests whether to offer the Access requests tab (a gated repository's writers)
     * @param canWrite whether to offer the editor (edit, upload, delete), on a branch
     */
    public record Header(String type, String fullName, String base, boolean isPrivate, Optional<String> gated, String rev,
            String revUrl, String commitsUrl, String tab, boolean canManage, boolean handlesRequests, boolean canWrite) {}

    /** A file or folder in a listing; a file's scan as a badge. */
    public record EntryLine(String name, boolean folder, String size, boolean lfs, String href, Optional<ScanBadge> scan) {}

    /**
     * A file's scan result as users see it: {@code status} is Hubkeep's word (ok, pending, infected,
     * suspicious, error) and picks the badge's look; {@code detail} says what was found.
     */
    public record ScanBadge(String status, String label, String detail) {}

    /** An import a pickle makes, as the public Hub's "pickle imports" panel lists them. */
    public record PickleImportLine(String module, String name, String safety) {}

    /** A link in the path above a folder or file. */
    public record Crumb(String name, String href) {}

    /** A commit's signature as a badge: {@code verified}, {@code unverified} (with why) or none. */
    public record Badge(String status, String label, String detail) {}

    public record CommitLine(String id, String shortId, String title, String author, String date, Badge badge, String href) {}

    public record Change(String path, String kind, String href) {}

    /**
     * What the editor offers on a page, to those who may write, on a branch: each link empty when not offered.
     *
     * @param edit the editor of the file (on a card: of its README, or a new one)
     * @param upload the upload form for the folder
     * @param delete the confirmation before deleting the file or folder
     */
    public record EditorLinks(Optional<String> edit, Optional<String> upload, Optional<String> delete) {
        static final EditorLinks NONE = new EditorLinks(Optional.empty(), Optional.empty(), Optional.empty());

        public boolean any() {
            return edit.isPresent() || upload.isPresent() || delete.isPresent();
        }
    }

    public record RepoView(Frame page, Header header, List<EntryLine> entries, Optional<String> more, Optional<String> readme,
            String commitId, EditorLinks editor) {}

    public record TreeView(Frame page, Header header, List<Crumb> crumbs, List<EntryLine> entries, Optional<String> more,
            EditorLinks editor) {}

    public record BlobView(Frame page, Header header, List<Crumb> crumbs, String path, String size, Optional<String> text,
            String why, String rawHref, Optional<ScanBadge> scan, List<PickleImportLine> pickleImports, EditorLinks editor) {}

    public record CommitsView(Frame page, Header header, List<CommitLine> commits, Optional<String> newer,
            Optional<String> older) {}

    public record CommitView(Frame page, Header header, CommitLine commit, String message, List<Change> changes,
            boolean truncated) {}

    private final Pages pages;
    private final RepoService repos;
    private final RepoStorage storage;
    private final CommitSignatures signatures;
    private final RepoHeaders headers;
    private final FileScans scans;

    public RepoPages(Pages pages, RepoService repos, RepoStorage storage, CommitSignatures signatures, Facts facts,
            FileScans scans) {
        this.scans = scans;
        this.pages = pages;
        this.repos = repos;
        this.storage = storage;
        this.signatures = signatures;
        this.headers = new RepoHeaders(facts);
    }

    /** {@code /[datasets/|spaces/]ns/name}: where a repository's pages start. */
    public static String webPath(RepoType type, String fullName) {
        return "/" + type.urlPrefix() + Urls.path(fullName);
    }

    /** {@code GET /{ns}/{name}}: the README and the top folder at {@code main}. */
    public Handler card(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            try (RepoAtRevision at = RepoAtRevision.open(storage, repo.id(), DEFAULT_REVISION)) {
                Header header = headers.of(ctx, repo, DEFAULT_REVISION, "card");
                Listing listing = listing(repo, at, header, "", Optional.empty());
                Optional<Entry> readmeFile = READMES.stream().map(at::entry).flatMap(Optional::stream).filter(Entry::isFile)
                        .filter(e -> e.lfs().isEmpty()).findFirst();
                Optional<String> readme = readmeFile.map(e -> Markdown.render(text(at, e, MAX_README_BYTES).orElse("")));
                EditorLinks editor = EditorLinks.NONE;
                if (writable(header, at)) {
                    // The card's README, or a new one; one too large for the editor is left to git.
                    Optional<String> edit = readmeFile.isPresent() && !EditorPages.mayEdit(readmeFile.get())
                            ? Optional.empty()
                            : Optional.of(editUrl(header, readmeFile.map(Entry::path).orElse("README.md")));
                    editor = new EditorLinks(edit, Optional.of(uploadUrl(header, "")), Optional.empty());
                }
                pages.render(ctx, "repo.jte", new RepoView(pages.frame(ctx, repo.fullName()), header, listing.entries(),
                        listing.more(), readme, at.commitId(), editor));
            }
        };
    }

    /** {@code GET /{ns}/{name}/tree/{rev}[/{path}]}: one folder, a page of entries at a time. */
    public Handler tree(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            String rev = ctx.pathParam("rev");
            String folder = folderParam(ctx);
            Optional<String> after = Optional.ofNullable(ctx.queryParam("after")).map(RepoPages::decodeCursor);
            try (RepoAtRevision at = RepoAtRevision.open(storage, repo.id(), rev)) {
                Header header = headers.of(ctx, repo, rev, "files");
                Listing listing = listing(repo, at, header, folder, after);
                String title = folder.isEmpty() ? repo.fullName() : folder + " · " + repo.fullName();
                EditorLinks editor = writable(header, at)
                        ? new EditorLinks(Optional.empty(), Optional.of(uploadUrl(header, folder)),
                                folder.isEmpty() ? Optional.empty() : Optional.of(deleteUrl(header, folder)))
                        : EditorLinks.NONE;
                pages.render(ctx, "tree.jte", new TreeView(pages.frame(ctx, title), header, crumbs(header, folder),
                        listing.entries(), listing.more(), editor));
            }
        };
    }

    /** {@code GET /{ns}/{name}/blob/{rev}/{path}}: a text file shown, anything else offered for download. */
    public Handler blob(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            String rev = ctx.pathParam("rev");
            String path = RepoPath.validate(ctx.pathParam("path"));
            try (RepoAtRevision at = RepoAtRevision.open(storage, repo.id(), rev)) {
                Entry file = at.file(path);
                Header header = headers.of(ctx, repo, rev, "files");
                Optional<String> text = Optional.empty();
                String why = "";
                if (file.lfs().isPresent()) {
                    why = "This file is stored in LFS.";
                } else if (file.size() > MAX_SHOWN_BYTES) {
                    why = "This file is too large to show here.";
                } else {
                    text = text(at, file, MAX_SHOWN_BYTES);
                    why = text.isEmpty() ? "This file is not text." : "";
                }
                String raw = header.base() + "/resolve/" + Urls.segment(rev) + "/" + Urls.path(path);
                Map<String, Object> status = scans.securityStatus(repo.id(), at.commitId(), List.of(file)).get(file.path());
                EditorLinks editor = writable(header, at)
                        ? new EditorLinks(text.isPresent() && EditorPages.mayEdit(file) ? Optional.of(editUrl(header, path))
                                : Optional.empty(), Optional.empty(), Optional.of(deleteUrl(header, path)))
                        : EditorLinks.NONE;
                pages.render(ctx, "blob.jte", new BlobView(pages.frame(ctx, path + " · " + repo.fullName()), header,
                        crumbs(header, path), path, size(file.size()), text, why, raw, scanBadge(status),
                        pickleImports(status), editor));
            }
        };
    }

    /** {@code GET /{ns}/{name}/commits/{rev}?p=N}: the history, newest first, with signature badges. */
    public Handler commits(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            String rev = ctx.pathParam("rev");
            int page = page(ctx.queryParam("p"));
            try (RepoAtRevision at = RepoAtRevision.open(storage, repo.id(), rev)) {
                Header header = headers.of(ctx, repo, rev, "commits");
                List<CommitSummary> found = at.history(page * COMMITS_PAGE, COMMITS_PAGE + 1);
                List<CommitSummary> shown = found.subList(0, Math.min(found.size(), COMMITS_PAGE));
                List<CommitLine> lines = lines(repo, header, shown);
                String here = header.base() + "/commits/" + Urls.segment(rev);
                pages.render(ctx, "commits.jte", new CommitsView(pages.frame(ctx, "Commits · " + repo.fullName()), header,
                        lines,
                        page > 0 ? Optional.of(here + (page == 1 ? "" : "?p=" + (page - 1))) : Optional.empty(),
                        found.size() > COMMITS_PAGE ? Optional.of(here + "?p=" + (page + 1)) : Optional.empty()));
            }
        };
    }

    /** {@code GET /{ns}/{name}/commit/{sha}}: one commit, its message, signature and changed files. */
    public Handler commit(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            try (RepoAtRevision at = RepoAtRevision.open(storage, repo.id(), ctx.pathParam("sha"))) {
                Header header = headers.of(ctx, repo, at.commitId(), "commits");
                CommitSummary summary = at.history(0, 1).getFirst();
                CommitLine line = lines(repo, header, List.of(summary)).getFirst();
                List<RepoAtRevision.Change> found = at.changes(MAX_CHANGES + 1);
                List<Change> changes = found.stream().limit(MAX_CHANGES)
                        .map(c -> new Change(c.path(), c.kind(), c.kind().equals("deleted") ? ""
                                : header.base() + "/blob/" + at.commitId() + "/" + Urls.path(c.path())))
                        .toList();
                pages.render(ctx, "commit.jte", new CommitView(pages.frame(ctx, summary.title() + " · " + repo.fullName()),
                        header, line, summary.message(), changes, found.size() > MAX_CHANGES));
            }
        };
    }

    private record Listing(List<EntryLine> entries, Optional<String> more) {}

    /** Whether to offer the editor: the reader may write, and the page shows a branch (a commit can move only a branch). */
    private static boolean writable(Header header, RepoAtRevision at) {
        return header.canWrite() && at.isBranch(header.rev());
    }

    private static String editUrl(Header header, String path) {
        return header.base() + "/edit/" + Urls.segment(header.rev()) + "/" + Urls.path(path);
    }

    private static String uploadUrl(Header header, String folder) {
        return header.base() + "/upload/" + Urls.segment(header.rev()) + (folder.isEmpty() ? "" : "/" + Urls.path(folder));
    }

    private static String deleteUrl(Header header, String path) {
        return header.base() + "/delete/" + Urls.segment(header.rev()) + "/" + Urls.path(path);
    }

    private Listing listing(Repo repo, RepoAtRevision at, Header header, String folder, Optional<String> after) {
        List<Entry> found = at.list(folder, false, after, TREE_PAGE + 1);
        List<Entry> page = found.subList(0, Math.min(found.size(), TREE_PAGE));
        // Files shown without a status are queued for scanning, as a tree listing through the API does.
        Map<String, Map<String, Object>> statuses = scans.securityStatus(repo.id(), at.commitId(),
                page.stream().filter(Entry::isFile).toList());
        List<EntryLine> lines = page.stream().map(e -> new EntryLine(
                        e.path().substring(e.path().lastIndexOf('/') + 1),
                        !e.isFile(),
                        e.isFile() ? size(e.size()) : "",
                        e.lfs().isPresent(),
                        header.base() + (e.isFile() ? "/blob/" : "/tree/") + Urls.segment(header.rev()) + "/" + Urls.path(e.path()),
                        e.isFile() ? scanBadge(statuses.get(e.path())) : Optional.empty()))
                .toList();
        Optional<String> more = found.size() > TREE_PAGE
                ? Optional.of(header.base() + "/tree/" + Urls.segment(header.rev()) + (folder.isEmpty() ? "" : "/" + Urls.path(folder))
                        + "?after=" + encodeCursor(page.getLast().path()))
                : Optional.empty();
        return new Listing(lines, more);
    }

    private List<CommitLine> lines(Repo repo, Header header, List<CommitSummary> commits) {
        Map<String, CommitSignature> signed = signatures.of(repo.id(), commits.stream().map(CommitSummary::id).toList());
        List<CommitLine> lines = new ArrayList<>();
        for (CommitSummary c : commits) {
            lines.add(new CommitLine(c.id(), c.id().substring(0, 7), c.title(), c.authorName(), When.format(c.date()),
                    badge(signed.get(c.id())), header.base() + "/commit/" + c.id()));
        }
        return lines;
    }

    /** The badge of a file's {@code securityFileStatus} (see scan.SecurityStatusJson): Hubkeep's status and its findings. */
    static Optional<ScanBadge> scanBadge(Map<String, Object> status) {
        if (status == null || !(status.get("hubkeep") instanceof Map<?, ?> own)) {
            return Optional.empty();
        }
        String word = String.valueOf(own.get("status"));
        List<String> found = new ArrayList<>();
        if (own.get("findings") instanceof List<?> findings) {
            for (Object item : findings) {
                if (item instanceof Map<?, ?> finding && !"ok".equals(finding.get("status"))) {
                    Object what = finding.containsKey("signature") ? finding.get("signature")
                            : finding.containsKey("found") ? finding.get("found") : finding.get("reason");
                    found.add(finding.get("engine") + ": " + (what == null ? finding.get("status") : what));
                }
            }
        }
        String label = switch (word) {
            case "ok" -> "Safe";
            case "pending" -> "Scan pending";
            case "infected" -> "Infected";
            case "suspicious" -> "Suspicious";
            default -> "Scan error";
        };
        return Optional.of(new ScanBadge(word, label, String.join("; ", found)));
    }

    /** The imports the pickle engine listed, if the file holds pickles. */
    static List<PickleImportLine> pickleImports(Map<String, Object> status) {
        List<PickleImportLine> lines = new ArrayList<>();
        if (status != null && status.get("pickleImportScan") instanceof Map<?, ?> scan
                && scan.get("pickleImports") instanceof List<?> imports) {
            for (Object item : imports) {
                if (item instanceof Map<?, ?> i) {
                    lines.add(new PickleImportLine(String.valueOf(i.get("module")), String.valueOf(i.get("name")),
                            String.valueOf(i.get("safety"))));
                }
            }
        }
        return lines;
    }

    static Badge badge(CommitSignature signature) {
        if (signature == null) {
            return new Badge("none", "", "");
        }
        return switch (signature.status()) {
            case VERIFIED -> new Badge("verified", "Verified", signature.signedByHub()
                    ? "Signed by this hub, which made the commit"
                    : "Signed by " + signature.signer().orElse("a known key") + signature.keyId().map(k -> " (key " + k + ")").orElse(""));
            case UNVERIFIED -> new Badge("unverified", "Unverified", signature.reason().orElse("The signature cannot be verified."));
            case NONE -> new Badge("none", "", "");
        };
    }

    static List<Crumb> crumbs(Header header, String path) {
        List<Crumb> crumbs = new ArrayList<>();
        crumbs.add(new Crumb(header.fullName(), header.revUrl()));
        if (path.isEmpty()) {
            return crumbs;
        }
        String[] parts = path.split("/");
        StringBuilder so = new StringBuilder();
        for (String part : parts) {
            so.append(so.isEmpty() ? "" : "/").append(part);
            crumbs.add(new Crumb(part, header.revUrl() + "/" + Urls.path(so.toString())));
        }
        return crumbs;
    }

    private Repo repo(Context ctx, RepoType type) {
        return repos.get(type, ctx.pathParam("ns"), ctx.pathParam("name"));
    }

    static String folderParam(Context ctx) {
        return Optional.ofNullable(ctx.pathParamMap().get("path"))
                .map(p -> p.endsWith("/") ? p.substring(0, p.length() - 1) : p)
                .filter(p -> !p.isEmpty())
                .map(RepoPath::validate)
                .orElse("");
    }

    /** The file as text when it is valid UTF-8 without NUL bytes. */
    static Optional<String> text(RepoAtRevision at, Entry file, int maxBytes) {
        try {
            byte[] bytes = at.bytes(file, maxBytes);
            for (byte b : bytes) {
                if (b == 0) {
                    return Optional.empty();
                }
            }
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException notText) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static int page(String text) {
        if (text == null) {
            return 0;
        }
        try {
            int page = Integer.parseInt(text);
            if (page >= 0 && page <= 1_000_000) {
                return page;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new InvalidInputException("'p' must be a page number from 0.");
    }

    private static String encodeCursor(String path) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(path.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("This page link is damaged: start again from the folder.");
        }
    }
}
