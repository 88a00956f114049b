package dev.hubkeep.server.web;

import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.access.Resource;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.repos.Repo;
import io.javalin.http.Context;

/**
 * The header every page of a repository shows: its name and badges, and the tabs the reader may
 * follow. Whether to offer Settings and Access requests is asked of the one decision, as a hint
 * only: those pages' own routes decide again.
 */
final class RepoHeaders {

    private final Facts facts;

    RepoHeaders(Facts facts) {
        this.facts = facts;
    }

    RepoPages.Header of(Context ctx, Repo repo, String rev, String tab) {
        String base = RepoPages.webPath(repo.type(), repo.fullName());
        Principal principal = Requests.principal(ctx);
        boolean canManage = may(principal, Action.REPO_MANAGE, repo);
        boolean handlesRequests = repo.gated().isPresent() && may(principal, Action.REPO_WRITE, repo);
        return new RepoPages.Header(repo.type().singular(), repo.fullName(), base, repo.isPrivate(), repo.gated(), rev,
                base + "/tree/" + Urls.segment(rev), base + "/commits/" + Urls.segment(rev), tab, canManage, handlesRequests);
    }

    boolean may(Principal principal, Action action, Repo repo) {
        return principal instanceof Principal.Authenticated
                && Access.decide(principal, action, new Resource.Repo(
                        facts.repo(principal, repo.type().singular(), repo.namespace(), repo.name()))).allowed();
    }
}
