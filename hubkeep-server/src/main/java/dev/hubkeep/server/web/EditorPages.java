package dev.hubkeep.server.web;

import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.PreconditionFailedException;
import dev.hubkeep.server.errors.TooLargeException;
import dev.hubkeep.server.files.CommitOperation;
import dev.hubkeep.server.files.CommitRequest;
import dev.hubkeep.server.files.CommitService;
import dev.hubkeep.server.files.Entry;
import dev.hubkeep.server.files.RepoAtRevision;
import dev.hubkeep.server.files.RepoPath;
import dev.hubkeep.server.files.WholeFiles;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.http.Part;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The browser editor of a repository's writers: edit a text file (the card's README above all),
 * upload files into a folder, delete a file or a folder. Each is one commit through the same
 * {@link CommitService} as the API's commit endpoint (so signed by the hub, behind the same
 * receive rules, and scanned after it lands); uploaded files go to LFS by the clients' rules
 * ({@link WholeFiles}). The routes' guards have decided {@code REPO_WRITE}; commits go to branches
 * only. A refused commit shows its form again with the reason, and an edit keeps the text typed.
 */
public final class EditorPages {

    /** The largest file offered for editing in the page (as large as a file shown in it). */
    static final int MAX_EDITABLE_BYTES = RepoPages.MAX_SHOWN_BYTES;
    /** The longest text an edit may commit: the editable size, with room for what was typed. */
    static final int MAX_EDIT_BYTES = 1024 * 1024;
    static final int MAX_SUMMARY_CHARS = 500;
    static final int MAX_DESCRIPTION_CHARS = 64 * 1024;
    /** Files in one upload from the page. */
    static final int MAX_FILES = 100;

    /** What a commit form asks besides its change: the message, and what was typed in it before. */
    public record Message(String placeholder, String summary, String description) {}

    public record EditView(Frame page, RepoPages.Header header, List<RepoPages.Crumb> crumbs, String path, boolean isNew,
            String text, boolean crlf, String parent, String action, String cancel, Message message, Optional<String> error) {}

    public record UploadView(Frame page, RepoPages.Header header, List<RepoPages.Crumb> crumbs, String folder, String action,
            String cancel, String limit, int maxFiles, Message message, Optional<String> error) {}

    public record DeleteView(Frame page, RepoPages.Header header, List<RepoPages.Crumb> crumbs, String path, boolean folder,
            String action, String cancel, Message message, Optional<String> error) {}

    private final Pages pages;
    private final RepoStorage storage;
    private final CommitService commits;
    private final WholeFiles wholeFiles;
    private final RepoHeaders headers;

    public EditorPages(Pages pages, RepoStorage storage, CommitService commits, WholeFiles wholeFiles,
            Facts facts) {
        this.pages = pages;
        this.storage = storage;
        this.commits = commits;
        this.wholeFiles = wholeFiles;
        this.headers = new RepoHeaders(facts);
    }

    /** {@code GET /{ns}/{name}/edit/{rev}/{path}}: the file's text in an editor; a new file if there is none. */
    public Handler editForm(RepoType type) {
        return ctx -> {
            Repo repo = Requests.repo(ctx);
            String rev = ctx.pathParam("rev");
            String path = RepoPath.validate(ctx.pathParam("path"));
            try (RepoAtRevision at = onBranch(repo, rev)) {
                Optional<Entry> entry = at.entry(path);
                Optional<String> text = Optional.of("");
                if (entry.isPresent()) {
                    text = editableText(at, entry.get());
                }
                String verb = entry.isPresent() ? "Update " : "Create ";
                editPage(ctx, 200, repo, rev, path, entry.isEmpty(), text.orElseThrow(), text.orElseThrow().contains("\r\n"),
                        at.commitId(), new Message(verb + path, "", ""), Optional.empty());
            }
        };
    }

    /** {@code POST /{ns}/{name}/edit/{rev}/{path}}: commits the text, if the branch has not moved since the editor opened. */
    public Handler edit(RepoType type) {
        return ctx -> {
            Repo repo = Requests.repo(ctx);
            String rev = ctx.pathParam("rev");
            String path = RepoPath.validate(ctx.pathParam("path"));
            String typed = Forms.raw(ctx, "content");
            boolean crlf = Forms.ticked(ctx, "crlf");
            String parent = Forms.text(ctx, "parent");
            boolean isNew = Forms.ticked(ctx, "new");
            Message message = new Message((isNew ? "Create " : "Update ") + path, Forms.text(ctx, "summary"),
                    Forms.text(ctx, "description"));
            try {
                // Browsers send a textarea's lines ending in CR LF: the file keeps the endings it had.
                byte[] content = (crlf ? typed : typed.replace("\r\n", "\n")).getBytes(StandardCharsets.UTF_8);
                if (content.length > MAX_EDIT_BYTES) {
                    throw new TooLargeException("The text is longer than " + RepoPages.size(MAX_EDIT_BYTES)
                            + ": commit a file this large with git or the CLI.");
                }
                commit(ctx, repo, rev, message, parentCommit(parent), new CommitOperation.AddFile(path, content));
                Pages.seeOther(ctx, RepoPages.webPath(repo.type(), repo.fullName()) + "/blob/" + Urls.segment(rev) + "/"
                        + Urls.path(path));
            } catch (PreconditionFailedException e) {
                // Someone committed meanwhile: say so, keep the text, and let a second send knowingly replace theirs.
                String head;
                try (RepoAtRevision at = onBranch(repo, rev)) {
                    head = at.commitId();
                }
                editPage(ctx, 412, repo, rev, path, isNew, typed, crlf, head, message, Optional.of("Someone committed to "
                        + rev + " since you opened the editor (now at " + head.substring(0, 7) + "): check what changed in"
                        + " the commits. Your text is below; committing it again replaces the file with it."));
            } catch (HubException e) {
                editPage(ctx, Failures.status(e), repo, rev, path, isNew, typed, crlf, parent, message,
                        Optional.of(e.getMessage()));
            }
        };
    }

    /** {@code GET /{ns}/{name}/upload/{rev}[/{folder}]}: the upload form for one folder. */
    public Handler uploadForm(RepoType type) {
        return ctx -> {
            Repo repo = Requests.repo(ctx);
            String rev = ctx.pathParam("rev");
            String folder = RepoPages.folderParam(ctx);
            try (RepoAtRevision at = onBranch(repo, rev)) {
                if (!folder.isEmpty() && at.entry(folder).filter(e -> !e.isFile()).isEmpty()) {
                    throw RepoAtRevision.entryNotFound(folder + "/");
                }
            }
            uploadPage(ctx, 200, repo, rev, folder, new Message(uploadSummary(folder, List.of()), "", ""), Optional.empty());
        };
    }

    /** {@code POST /{ns}/{name}/upload/{rev}[/{folder}]}: the chosen files into the folder, in one commit. */
    public Handler upload(RepoType type) {
        return ctx -> {
            Repo repo = Requests.repo(ctx);
            String rev = ctx.pathParam("rev");
            String folder = RepoPages.folderParam(ctx);
            List<Part> parts = FormFiles.files(ctx, "files");
            Message message = new Message(uploadSummary(folder, parts), Forms.text(ctx, "summary"), Forms.text(ctx, "description"));
            try {
                List<WholeFiles.Incoming> files = incoming(folder, parts);
                List<CommitOperation> operations;
                try (RepoAtRevision at = onBranch(repo, rev)) {
                    operations = wholeFiles.operations(repo.id(), at, files);
                }
                commit(ctx, repo, rev, message, Optional.empty(), operations.toArray(CommitOperation[]::new));
                Pages.seeOther(ctx, RepoPages.webPath(repo.type(), repo.fullName()) + "/tree/" + Urls.segment(rev)
                        + (folder.isEmpty() ? "" : "/" + Urls.path(folder)));
            } catch (HubException e) {
                uploadPage(ctx, Failures.status(e), repo, rev, folder, message, Optional.of(e.getMessage()));
            }
        };
    }

    /** {@code GET /{ns}/{name}/delete/{rev}/{path}}: asks before deleting a file or a folder. */
    public Handler deleteForm(RepoType type) {
        return ctx -> {
            Repo repo = Requests.repo(ctx);
            String rev = ctx.pathParam("rev");
            String path = RepoPages.folderParam(ctx);
            if (path.isEmpty()) {
                throw new InvalidInputException("Name the file or folder to delete.");
            }
            boolean folder;
            try (RepoAtRevision at = onBranch(repo, rev)) {
                folder = !at.entry(path).orElseThrow(() -> RepoAtRevision.entryNotFound(path)).isFile();
            }
            deletePage(ctx, 200, repo, rev, path, folder, new Message("Delete " + path, "", ""), Optional.empty());
        };
    }

    /** {@code POST /{ns}/{name}/delete/{rev}/{path}}: deletes what the path names at the branch's head. */
    public Handler delete(RepoType type) {
        return ctx -> {
            Repo repo = Requests.repo(ctx);
            String rev = ctx.pathParam("rev");
            String path = RepoPages.folderParam(ctx);
            Message message = new Message("Delete " + path, Forms.text(ctx, "summary"), Forms.text(ctx, "description"));
            boolean folder = false;
            try {
                if (path.isEmpty()) {
                    throw new InvalidInputException("Name the file or folder to delete.");
                }
                try (RepoAtRevision at = onBranch(repo, rev)) {
                    folder = !at.entry(path).orElseThrow(() -> RepoAtRevision.entryNotFound(path)).isFile();
                }
                commit(ctx, repo, rev, message, Optional.empty(),
                        folder ? new CommitOperation.DeleteFolder(path) : new CommitOperation.DeleteFile(path));
                int slash = path.lastIndexOf('/');
                Pages.seeOther(ctx, RepoPages.webPath(repo.type(), repo.fullName()) + "/tree/" + Urls.segment(rev)
                        + (slash < 0 ? "" : "/" + Urls.path(path.substring(0, slash))));
            } catch (HubException e) {
                deletePage(ctx, Failures.status(e), repo, rev, path, folder, message, Optional.of(e.getMessage()));
            }
        };
    }

    /** The text of a file the page can edit: valid UTF-8, not in LFS, not too large; otherwise a 400 saying why. */
    static Optional<String> editableText(RepoAtRevision at, Entry file) {
        if (!file.isFile()) {
            throw new InvalidInputException("'" + file.path() + "' is a folder: open a file in it to edit.");
        }
        if (file.lfs().isPresent() || file.size() > MAX_EDITABLE_BYTES) {
            throw new InvalidInputException("'" + file.path() + "' is " + (file.lfs().isPresent() ? "stored in LFS" : "larger than "
                    + RepoPages.size(MAX_EDITABLE_BYTES)) + ": the page edits text files only. Upload a new version instead.");
        }
        Optional<String> text = RepoPages.text(at, file, MAX_EDITABLE_BYTES);
        if (text.isEmpty()) {
            throw new InvalidInputException("'" + file.path() + "' is not text: the page edits text files only."
                    + " Upload a new version instead.");
        }
        return text;
    }

    /** Whether the page offers to edit {@code file}: what {@link #editableText} would take, judged without reading it. */
    static boolean mayEdit(Entry file) {
        return file.isFile() && file.lfs().isEmpty() && file.size() <= MAX_EDITABLE_BYTES;
    }

    private void commit(Context ctx, Repo repo, String branch, Message message, Optional<String> parent, CommitOperation... operations) {
        String summary = message.summary().isEmpty() ? message.placeholder() : message.summary();
        if (summary.length() > MAX_SUMMARY_CHARS) {
            throw new InvalidInputException("The commit message is longer than " + MAX_SUMMARY_CHARS
                    + " characters: put the rest in the description.");
        }
        if (message.description().length() > MAX_DESCRIPTION_CHARS) {
            throw new InvalidInputException("The description is longer than " + MAX_DESCRIPTION_CHARS + " characters.");
        }
        commits.commit(repo.id(), branch, Requests.user(ctx).username(), new CommitRequest(summary,
                message.description(), parent, List.of(operations)));
    }

    private RepoAtRevision onBranch(Repo repo, String rev) {
        RepoAtRevision at = RepoAtRevision.open(storage, repo.id(), rev);
        if (!at.isBranch(rev)) {
            at.close();
            throw new InvalidInputException("'" + rev + "' is not a branch: changes are committed to a branch, such as main.");
        }
        return at;
    }

    private static Optional<String> parentCommit(String parent) {
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        if (!parent.matches("[0-9a-f]{40}")) {
            throw new InvalidInputException("This form is damaged (its commit id): open the editor again.");
        }
        return Optional.of(parent);
    }

    private static List<WholeFiles.Incoming> incoming(String folder, List<Part> parts) {
        if (parts.isEmpty()) {
            throw new InvalidInputException("Choose at least one file to upload.");
        }
        if (parts.size() > MAX_FILES) {
            throw new InvalidInputException("Upload at most " + MAX_FILES + " files at once.");
        }
        List<WholeFiles.Incoming> files = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (Part part : parts) {
            String path = (folder.isEmpty() ? "" : folder + "/") + baseName(part.getSubmittedFileName());
            if (!paths.add(path)) {
                throw new InvalidInputException("Two of the files are named '" + path + "': upload them one at a time.");
            }
            files.add(new WholeFiles.Incoming(path, part.getSize(), part::getInputStream));
        }
        return files;
    }

    /** The file's own name: some browsers send the path it had on the sender's disk. */
    private static String baseName(String submitted) {
        return submitted.substring(Math.max(submitted.lastIndexOf('/'), submitted.lastIndexOf('\\')) + 1);
    }

    private static String uploadSummary(String folder, List<Part> parts) {
        String where = folder.isEmpty() ? "" : " to " + folder;
        return parts.size() == 1 ? "Upload " + baseName(parts.getFirst().getSubmittedFileName()) + where
                : "Upload " + (parts.isEmpty() ? "files" : parts.size() + " files") + where;
    }

    private void editPage(Context ctx, int status, Repo repo, String rev, String path, boolean isNew, String text, boolean crlf,
            String parent, Message message, Optional<String> error) {
        RepoPages.Header header = headers.of(ctx, repo, rev, "files");
        pages.render(ctx, status, "edit.jte", new EditView(pages.frame(ctx, "Edit " + path + " · " + repo.fullName()), header,
                RepoPages.crumbs(header, path), path, isNew, text, crlf, parent,
                header.base() + "/edit/" + Urls.segment(rev) + "/" + Urls.path(path),
                isNew ? header.revUrl() : header.base() + "/blob/" + Urls.segment(rev) + "/" + Urls.path(path), message, error));
    }

    private void uploadPage(Context ctx, int status, Repo repo, String rev, String folder, Message message,
            Optional<String> error) {
        RepoPages.Header header = headers.of(ctx, repo, rev, "files");
        String here = folder.isEmpty() ? "" : "/" + Urls.path(folder);
        pages.render(ctx, status, "upload.jte", new UploadView(pages.frame(ctx, "Upload files · " + repo.fullName()), header,
                RepoPages.crumbs(header, folder), folder, header.base() + "/upload/" + Urls.segment(rev) + here,
                header.revUrl() + here, RepoPages.size(pages.formFiles().maxBytes()), MAX_FILES, message, error));
    }

    private void deletePage(Context ctx, int status, Repo repo, String rev, String path, boolean folder, Message message,
            Optional<String> error) {
        RepoPages.Header header = headers.of(ctx, repo, rev, "files");
        pages.render(ctx, status, "delete.jte", new DeleteView(pages.frame(ctx, "Delete " + path + " · " + repo.fullName()),
                header, RepoPages.crumbs(header, path), path, folder,
                header.base() + "/delete/" + Urls.segment(rev) + "/" + Urls.path(path),
                header.base() + (folder ? "/tree/" : "/blob/") + Urls.segment(rev) + "/" + Urls.path(path), message, error));
    }
}
