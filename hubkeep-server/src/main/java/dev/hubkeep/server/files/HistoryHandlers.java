package dev.hubkeep.server.files;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoType;
import dev.hubkeep.server.trust.CommitSignature;
import dev.hubkeep.server.trust.CommitSignatures;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * History and refs: {@code GET …/commits/{rev}} (paged with {@code p} and {@code limit}, the
 * total in {@code X-Total-Count}), {@code GET …/refs}, and branch and tag creation and deletion.
 */
public final class HistoryHandlers {

    static final int DEFAULT_COMMITS_PAGE = 50;
    static final int MAX_COMMITS_PAGE = 1000;
    private static final String NOREPLY = "@users.noreply.hubkeep";

    private final RepoStorage storage;
    private final RefService refs;
    private final CommitSignatures signatures;
    private final Supplier<String> publicUrl;
    private final AuthorAccounts authorAccounts;

    /** Which account a commit's author email belongs to: only an email the account has verified links. */
    @FunctionalInterface
    public interface AuthorAccounts {
        Optional<String> usernameOfVerifiedEmail(String email);
    }

    public HistoryHandlers(RepoStorage storage, RefService refs, CommitSignatures signatures,
            Supplier<String> publicUrl, AuthorAccounts authorAccounts) {
        this.authorAccounts = authorAccounts;
        this.storage = storage;
        this.refs = refs;
        this.signatures = signatures;
        this.publicUrl = publicUrl;
    }

    public Handler commits(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            int limit = TreeHandlers.limit(ctx.queryParam("limit"), MAX_COMMITS_PAGE);
            if (ctx.queryParam("limit") == null) {
                limit = DEFAULT_COMMITS_PAGE;
            }
            int page = page(ctx.queryParam("p"));
            try (RepoAtRevision revision = RepoAtRevision.open(storage, repo.id(), ctx.pathParam("rev"))) {
                int total = revision.historySize();
                long skip = (long) page * limit;
                List<CommitSummary> commits = skip >= total ? List.of() : revision.history((int) skip, limit);
                ctx.header("X-Total-Count", Integer.toString(total));
                if (skip + commits.size() < total) {
                    ctx.header("Link", "<" + publicUrl.get() + ctx.req().getRequestURI() + "?p=" + (page + 1)
                            + "&limit=" + limit + ">; rel=\"next\"");
                }
                Map<String, CommitSignature> signed = signatures.of(repo.id(), commits.stream().map(CommitSummary::id).toList());
                Map<String, String> users = new java.util.HashMap<>();
                ctx.json(commits.stream().map(commit -> commitJson(commit, signed.get(commit.id()),
                        users.computeIfAbsent(commit.authorEmail().toLowerCase(java.util.Locale.ROOT),
                                email -> authorUser(commit, signed.get(commit.id()))))).toList());
            }
        };
    }

    /**
     * The author as the Hub's clients read it: an account's username when the commit links to one,
     * else the name the commit gives. Anyone can write any email into a commit, so a hub noreply
     * address links only on commits the hub made and signed itself, any other email only when an
     * account has verified it.
     */
    private String authorUser(CommitSummary commit, CommitSignature signature) {
        String email = commit.authorEmail();
        if (email.endsWith(NOREPLY) && signature != null && signature.signedByHub()) {
            return email.substring(0, email.length() - NOREPLY.length());
        }
        if (email.endsWith(NOREPLY)) {
            return commit.authorName();
        }
        return authorAccounts.usernameOfVerifiedEmail(email).orElse(commit.authorName());
    }

    private static Map<String, Object> commitJson(CommitSummary commit, CommitSignature signature, String user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", commit.id());
        json.put("title", commit.title());
        json.put("message", commit.message());
        json.put("authors", List.of(Map.of("user", user)));
        json.put("date", commit.date().toString());
        Map<String, Object> signatureJson = new LinkedHashMap<>();
        signatureJson.put("status", signature.status().wireName());
        signature.keyId().ifPresent(keyId -> signatureJson.put("keyId", keyId));
        signature.signer().ifPresent(signer -> signatureJson.put("signer", signer));
        signature.reason().ifPresent(reason -> signatureJson.put("reason", reason));
        if (signature.signedByHub()) {
            signatureJson.put("signedByHub", true);
        }
        json.put("signature", signatureJson);
        return json;
    }

    public Handler refs(RepoType type) {
        return ctx -> {
            RefService.Refs all = refs.list(repo(ctx, type).id());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("branches", all.branches());
            json.put("tags", all.tags());
            json.put("converts", List.of());
            if (TreeHandlers.flag(ctx.queryParam("include_prs"))) {
                json.put("pullRequests", all.pullRequests());
            }
            ctx.json(json);
        };
    }

    /** {@code POST …/branch/{branch}} with optional {@code startingPoint}, {@code emptyBranch}, {@code overwrite}. */
    public Handler createBranch(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            JsonBody body = JsonBody.readOrEmpty(ctx); // every field is optional, and so is the body
            refs.createBranch(repo.id(), Requests.user(ctx).username(), ctx.pathParam("branch"),
                    body.optionalString("startingPoint"),
                    body.optionalBoolean("overwrite").orElse(false),
                    body.optionalBoolean("emptyBranch").orElse(false));
            ctx.json(Map.of("success", true));
        };
    }

    public Handler deleteBranch(RepoType type) {
        return ctx -> {
            refs.deleteBranch(repo(ctx, type).id(), Requests.user(ctx).username(), ctx.pathParam("branch"));
            ctx.json(Map.of("success", true));
        };
    }

    /** {@code POST …/tag/{rev}} with {@code {"tag","message"?}}. */
    public Handler createTag(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            JsonBody body = JsonBody.read(ctx);
            refs.createTag(repo.id(), Requests.user(ctx).username(), ctx.pathParam("rev"), body.requiredString("tag"),
                    body.optionalString("message"));
            ctx.json(Map.of("success", true));
        };
    }

    public Handler deleteTag(RepoType type) {
        return ctx -> {
            refs.deleteTag(repo(ctx, type).id(), Requests.user(ctx).username(), ctx.pathParam("tag"));
            ctx.json(Map.of("success", true));
        };
    }

    /** The repository the route's guard resolved (every history route names one). */
    @SuppressWarnings("UnusedVariable") // the type is part of the route; the guard resolved the repository by it
    private static Repo repo(Context ctx, RepoType type) {
        return Requests.repo(ctx);
    }

    private static int page(String text) {
        if (text == null) {
            return 0;
        }
        try {
            int page = Integer.parseInt(text);
            if (page >= 0) {
                return page;
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new InvalidInputException("'p' must be a page number from 0.");
    }
}
