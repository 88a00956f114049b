package dev.hubkeep.server.orgs;

import dev.hubkeep.server.access.OrgRole;

/** An organization a user belongs to, with their role in it. */
public record Membership(String orgId, String name, String fullname, OrgRole role) {}
