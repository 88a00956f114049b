package dev.hubkeep.server.http;

import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.repos.RepoContext;

/** Resolves the repository a request names, with what the decision needs about it and the caller. */
@FunctionalInterface
public interface RepoResolver {

    RepoContext resolve(Principal principal, String type, String namespace, String name);
}
