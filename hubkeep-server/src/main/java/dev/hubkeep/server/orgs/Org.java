package dev.hubkeep.server.orgs;

import java.time.Instant;

/** An organization: a namespace for repositories, shared by its members. */
public record Org(String id, String name, String fullname, Instant createdAt) {}
