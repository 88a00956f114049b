package dev.hubkeep.server.access;

import java.util.Optional;

/**
 * A namespace (a user's or an organization's) as the decision sees it, for creating repositories
 * in it and for administering an organization.
 *
 * @param ownerUserId the user, for a user namespace
 * @param org the organization's name, for an organization namespace
 */
public record NamespaceFacts(
        String name,
        boolean exists,
        Optional<String> ownerUserId,
        Optional<String> org,
        Optional<OrgRole> callerOrgRole,
        TokenGate tokenGate) {}
