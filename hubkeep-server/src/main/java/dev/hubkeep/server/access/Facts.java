package dev.hubkeep.server.access;

import dev.hubkeep.server.auth.Principal;

/** Loads what {@link Access#decide} needs to know; the decision itself never does I/O. */
public interface Facts {

    RepoFacts repo(Principal principal, String type, String namespace, String name);

    NamespaceFacts namespace(Principal principal, String name);

    /** Whether the caller is an administrator of the hub (an active person's account marked so). */
    boolean instanceAdmin(Principal principal);
}
