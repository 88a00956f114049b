package dev.hubkeep.server.orgs;

import dev.hubkeep.server.access.OrgRole;

/** A member of an organization, with their role in it. */
public record OrgMember(String userId, String username, String fullname, OrgRole role) {}
