package dev.hubkeep.server.web;

import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.access.Resource;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.repos.Repo;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The header every page of a repository shows: its name and badges, and the tabs the reader may
 * follow. Whether to offer Settings, Access requests and the editor is asked of the one decision,
 * as a hint only: those pages' own routes decide again.
 */
final class RepoHeaders {

    private final Facts facts;

    RepoHeaders(Facts facts) {
        this.facts = facts;
    }

    RepoPages.Header of(Context ctx, Repo repo, String rev, String tab) {
        String base = RepoPages.webPath(repo.type(), repo.fullName());
        Principal principal = Requests.principal(ctx);
        Optional<Resource.Repo> resource = resource(principal, repo);
        boolean canManage = may(principal, Action.REPO_MANAGE, resource);
        boolean canWrite = may(principal, Action.REPO_WRITE, resource);
        boolean handlesRequests = repo.gated().isPresent() && canWrite;
        return new RepoPages.Header(repo.type().singular(), repo.fullName(), base, repo.isPrivate(), repo.gated(), rev,
                base + "/tree/" + Urls.segment(rev), base + "/commits/" + Urls.segment(rev), tab, canManage, handlesRequests,
                canWrite);
    }

    boolean may(Principal principal, Action action, Repo repo) {
        return may(principal, action, resource(principal, repo));
    }

    /** The repository as the decision sees it, for a signed-in caller (a visitor may change nothing). */
    private Optional<Resource.Repo> resource(Principal principal, Repo repo) {
        return principal instanceof Principal.Authenticated
                ? Optional.of(new Resource.Repo(facts.repo(principal, repo.type().singular(), repo.namespace(), repo.name())))
                : Optional.empty();
    }

    private static boolean may(Principal principal, Action action, Optional<Resource.Repo> resource) {
        return resource.isPresent() && Access.decide(principal, action, resource.get()).allowed();
    }
}
