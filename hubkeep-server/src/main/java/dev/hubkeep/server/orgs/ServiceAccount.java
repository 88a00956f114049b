package dev.hubkeep.server.orgs;

import dev.hubkeep.server.access.OrgRole;
import java.time.Instant;

/**
 * A service account: an account of an organization for machines (CI, jobs on a cluster), which
 * outlives every person in it. It holds a role in its organization like a member, has tokens, and
 * can never sign in, have a session, a password, an email or a namespace of its own.
 *
 * @param id its account id (a row of {@code users}, so that tokens and audit events work as for anyone)
 * @param name its name within the organization; it shows as {@link #username()}, e.g. {@code acme/ci-bot}
 */
public record ServiceAccount(String id, String orgId, String org, String name, String fullname, OrgRole role,
        Instant createdAt) {

    /** The account's name everywhere else (whoami, audit logs): {@code org/name}. */
    public String username() {
        return org + "/" + name;
    }
}
