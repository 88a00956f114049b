package dev.hubkeep.server.web;

import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.access.Resource;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.orgs.OrgService;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.repos.RepoType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A repository's life on the pages: New repository ({@code /new}), its settings (visibility,
 * gating, signed commits) and its deletion, confirmed by typing its full name. Each goes through
 * {@link RepoService} as the API's do; the routes' guards ask the decision first ({@code REPO_MANAGE}
 * for the settings, {@code REPO_ADMIN} for deleting, and the service asks {@code REPO_CREATE} of
 * the namespace picked).
 */
public final class RepoSettingsPages {

    static final List<String> GATING = List.of("off", "auto", "manual");

    public record NewView(Frame page, List<String> owners, String owner, String name, String type, boolean isPrivate,
            Optional<String> error) {}

    public record SettingsView(Frame page, RepoPages.Header header, boolean isPrivate, String gated,
            boolean requireSignedCommits, Optional<String> signedRequiredBy, boolean canDelete, Optional<String> error,
            Optional<String> notice) {}

    private final Pages pages;
    private final RepoService repos;
    private final OrgService orgs;
    private final Facts facts;
    private final RepoHeaders headers;

    public RepoSettingsPages(Pages pages, RepoService repos, OrgService orgs, Facts facts) {
        this.pages = pages;
        this.repos = repos;
        this.orgs = orgs;
        this.facts = facts;
        this.headers = new RepoHeaders(facts);
    }

    /** {@code GET /new?owner=…}: refused as the API refuses creating in one's own namespace (a read token, an unverified email). */
    public void newForm(Context ctx) {
        Principal.Authenticated user = Requests.user(ctx);
        Access.decide(user, Action.REPO_CREATE, new Resource.Namespace(facts.namespace(user, user.username()))).orThrow();
        String owner = Optional.ofNullable(ctx.queryParam("owner")).orElse(user.username());
        pages.render(ctx, "repo-new.jte", new NewView(pages.frame(ctx, "New repository"), owners(user), owner, "", "model",
                false, Optional.empty()));
    }

    /** {@code POST /new}: creates the repository and opens it. */
    public void create(Context ctx) {
        Principal.Authenticated user = Requests.user(ctx);
        String owner = Forms.text(ctx, "owner");
        String name = Forms.text(ctx, "name");
        String typeName = Forms.text(ctx, "type");
        boolean isPrivate = "private".equals(Forms.text(ctx, "visibility"));
        try {
            RepoType type = type(typeName);
            Repo repo = repos.create(user, type, owner, name, isPrivate);
            Pages.seeOther(ctx, RepoPages.webPath(repo.type(), repo.fullName()));
        } catch (InvalidInputException | ConflictException | ForbiddenException | NotFoundException e) {
            pages.render(ctx, Failures.status(e), "repo-new.jte", new NewView(pages.frame(ctx, "New repository"),
                    owners(user), owner, name, typeName, isPrivate, Optional.of(e.getMessage())));
        }
    }

    /** {@code GET /{ns}/{name}/settings}. */
    public Handler settings(RepoType type) {
        return ctx -> {
            Repo repo = repos.get(type, ctx.pathParam("ns"), ctx.pathParam("name"));
            Optional<String> notice = "saved".equals(ctx.queryParam("done")) ? Optional.of("The settings are saved.") : Optional.empty();
            settingsPage(ctx, 200, repo, Optional.empty(), notice);
        };
    }

    /** {@code POST /{ns}/{name}/settings}: visibility, gating and the signed-commits rule, at once. */
    public Handler save(RepoType type) {
        return ctx -> {
            String ns = ctx.pathParam("ns");
            String name = ctx.pathParam("name");
            Repo repo = repos.get(type, ns, name);
            try {
                String gated = Forms.text(ctx, "gated");
                if (!GATING.contains(gated)) {
                    throw new InvalidInputException("Pick the gating: off, auto or manual.");
                }
                repos.updateSettings(type, ns, name, Optional.of("private".equals(Forms.text(ctx, "visibility"))),
                        Optional.of(gated.equals("off") ? Optional.empty() : Optional.of(gated)),
                        Optional.of(Forms.ticked(ctx, "requireSignedCommits")));
                Pages.seeOther(ctx, RepoPages.webPath(repo.type(), repo.fullName()) + "/settings?done=saved");
            } catch (InvalidInputException e) {
                settingsPage(ctx, Failures.status(e), repo, Optional.of(e.getMessage()), Optional.empty());
            }
        };
    }

    /** {@code POST /{ns}/{name}/delete}: only when the full name typed is the repository's. */
    public Handler delete(RepoType type) {
        return ctx -> {
            Repo repo = repos.get(type, ctx.pathParam("ns"), ctx.pathParam("name"));
            if (!Forms.text(ctx, "confirm").equals(repo.fullName())) {
                settingsPage(ctx, 400, repo, Optional.of("To delete it, type the repository's full name, "
                        + repo.fullName() + ", in the box: nothing was deleted."), Optional.empty());
                return;
            }
            repos.delete(Requests.user(ctx), type, repo.namespace(), repo.name());
            Pages.seeOther(ctx, "/" + Urls.segment(repo.namespace()));
        };
    }

    private void settingsPage(Context ctx, int status, Repo repo, Optional<String> error, Optional<String> notice) {
        Principal principal = Requests.principal(ctx);
        pages.render(ctx, status, "repo-settings.jte", new SettingsView(pages.frame(ctx, "Settings · " + repo.fullName()),
                headers.of(ctx, repo, RepoPages.DEFAULT_REVISION, "settings"), repo.isPrivate(), repo.gated().orElse("off"),
                repo.requireSignedCommits(), repos.signedCommitsRequiredBy(repo.id()).filter(by -> !by.equals("This repository")),
                headers.may(principal, Action.REPO_ADMIN, repo), error, notice));
    }

    /** The namespaces the user may create in: their own, and their organizations where they write. */
    private List<String> owners(Principal.Authenticated user) {
        List<String> owners = new ArrayList<>(List.of(user.username()));
        orgs.membershipsOf(user.userId()).stream().filter(m -> m.role() != OrgRole.READ).forEach(m -> owners.add(m.name()));
        return owners;
    }

    private static RepoType type(String name) {
        for (RepoType type : RepoType.values()) {
            if (type.singular().equals(name)) {
                return type;
            }
        }
        throw new InvalidInputException("Pick the kind of repository: model, dataset or space.");
    }
}
