package dev.hubkeep.server.orgs;

import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.auth.FineGrainedJson;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code organizations}, {@code org_members} and token policy tables, on the caller's handle. */
final class OrgRepository {

    private final Handle handle;

    OrgRepository(Handle handle) {
        this.handle = handle;
    }

    boolean nameTaken(String name) {
        return handle.createQuery("SELECT COUNT(*) FROM namespaces WHERE name_key = :key")
                        .bind("key", name.toLowerCase(Locale.ROOT))
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    void insert(Org org) {
        handle.createUpdate("INSERT INTO namespaces (name_key, kind, owner_id) VALUES (:key, 'org', :id)")
                .bind("key", org.name().toLowerCase(Locale.ROOT))
                .bind("id", org.id())
                .execute();
        handle.createUpdate("INSERT INTO organizations (id, name, name_key, fullname, created_at)"
                        + " VALUES (:id, :name, :key, :fullname, :at)")
                .bind("id", org.id())
                .bind("name", org.name())
                .bind("key", org.name().toLowerCase(Locale.ROOT))
                .bind("fullname", org.fullname())
                .bind("at", org.createdAt().toEpochMilli())
                .execute();
    }

    Optional<Org> findByName(String name) {
        return handle.createQuery("SELECT id, name, fullname, created_at FROM organizations WHERE name_key = :key")
                .bind("key", name.toLowerCase(Locale.ROOT))
                .map((rs, ctx) -> new Org(rs.getString("id"), rs.getString("name"), rs.getString("fullname"),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .findOne();
    }

    void setFullname(String orgId, String fullname) {
        handle.createUpdate("UPDATE organizations SET fullname = :fullname WHERE id = :id")
                .bind("fullname", fullname)
                .bind("id", orgId)
                .execute();
    }

    List<OrgMember> members(String orgId) {
        // People only: service accounts are listed apart, to the organization's admins.
        return handle.createQuery("SELECT u.id, u.username, u.fullname, m.role FROM org_members m"
                        + " JOIN users u ON u.id = m.user_id WHERE m.org_id = :org AND u.kind = 'user'"
                        + " ORDER BY u.username_key")
                .bind("org", orgId)
                .map((rs, ctx) -> new OrgMember(rs.getString("id"), rs.getString("username"), rs.getString("fullname"),
                        OrgRole.parse(rs.getString("role")).orElseThrow()))
                .list();
    }

    Optional<OrgRole> roleOf(String orgId, String userId) {
        return handle.createQuery("SELECT role FROM org_members WHERE org_id = :org AND user_id = :user")
                .bind("org", orgId)
                .bind("user", userId)
                .mapTo(String.class)
                .findOne()
                .flatMap(OrgRole::parse);
    }

    /** Every organization the user belongs to, with their role, for whoami. */
    List<Membership> membershipsOf(String userId) {
        return handle.createQuery("SELECT o.id, o.name, o.fullname, m.role FROM org_members m"
                        + " JOIN organizations o ON o.id = m.org_id WHERE m.user_id = :user ORDER BY o.name_key")
                .bind("user", userId)
                .map((rs, ctx) -> new Membership(rs.getString("id"), rs.getString("name"), rs.getString("fullname"),
                        OrgRole.parse(rs.getString("role")).orElseThrow()))
                .list();
    }

    void putMember(String orgId, String userId, OrgRole role, Instant at) {
        int updated = handle.createUpdate("UPDATE org_members SET role = :role WHERE org_id = :org AND user_id = :user")
                .bind("role", role.wireName())
                .bind("org", orgId)
                .bind("user", userId)
                .execute();
        if (updated == 0) {
            handle.createUpdate("INSERT INTO org_members (org_id, user_id, role, created_at) VALUES (:org, :user, :role, :at)")
                    .bind("org", orgId)
                    .bind("user", userId)
                    .bind("role", role.wireName())
                    .bind("at", at.toEpochMilli())
                    .execute();
        }
    }

    boolean removeMember(String orgId, String userId) {
        return handle.createUpdate("DELETE FROM org_members WHERE org_id = :org AND user_id = :user")
                        .bind("org", orgId)
                        .bind("user", userId)
                        .execute()
                == 1;
    }

    int adminCount(String orgId) {
        return handle.createQuery("SELECT COUNT(*) FROM org_members m JOIN users u ON u.id = m.user_id"
                        + " WHERE m.org_id = :org AND m.role = 'admin' AND u.kind = 'user'")
                .bind("org", orgId)
                .mapTo(Integer.class)
                .one();
    }

    boolean requiresSignedCommits(String orgId) {
        return handle.createQuery("SELECT require_signed_commits FROM organizations WHERE id = :org")
                .bind("org", orgId)
                .mapTo(Boolean.class)
                .findOne()
                .orElse(false);
    }

    void setRequireSignedCommits(String orgId, boolean required) {
        handle.createUpdate("UPDATE organizations SET require_signed_commits = :required WHERE id = :org")
                .bind("required", required)
                .bind("org", orgId)
                .execute();
    }

    TokenPolicy policy(String orgId) {
        return handle.createQuery("SELECT fine_grained_only, require_approval, max_lifetime_days FROM org_token_policies"
                        + " WHERE org_id = :org")
                .bind("org", orgId)
                .map((rs, ctx) -> {
                    int days = rs.getInt("max_lifetime_days");
                    Optional<Integer> max = rs.wasNull() ? Optional.empty() : Optional.of(days);
                    return new TokenPolicy(rs.getBoolean("fine_grained_only"), rs.getBoolean("require_approval"), max);
                })
                .findOne()
                .orElse(TokenPolicy.OPEN);
    }

    void setPolicy(String orgId, TokenPolicy policy) {
        handle.createUpdate("DELETE FROM org_token_policies WHERE org_id = :org").bind("org", orgId).execute();
        handle.createUpdate("INSERT INTO org_token_policies (org_id, fine_grained_only, require_approval, max_lifetime_days)"
                        + " VALUES (:org, :fine, :approval, :days)")
                .bind("org", orgId)
                .bind("fine", policy.fineGrainedOnly())
                .bind("approval", policy.requireApproval())
                .bind("days", policy.maxLifetimeDays().orElse(null))
                .execute();
    }

    Optional<String> reviewOf(String orgId, String tokenId) {
        return handle.createQuery("SELECT status FROM org_token_reviews WHERE org_id = :org AND token_id = :token")
                .bind("org", orgId)
                .bind("token", tokenId)
                .mapTo(String.class)
                .findOne();
    }

    /** Records a pending review if the token has none yet. */
    void addPendingReview(String orgId, String tokenId, Instant at) {
        handle.createUpdate("INSERT INTO org_token_reviews (org_id, token_id, status, updated_at)"
                        + " VALUES (:org, :token, 'pending', :at) ON CONFLICT DO NOTHING")
                .bind("org", orgId)
                .bind("token", tokenId)
                .bind("at", at.toEpochMilli())
                .execute();
    }

    void setReview(String orgId, String tokenId, String status, String by, Instant at) {
        handle.createUpdate("DELETE FROM org_token_reviews WHERE org_id = :org AND token_id = :token")
                .bind("org", orgId)
                .bind("token", tokenId)
                .execute();
        handle.createUpdate("INSERT INTO org_token_reviews (org_id, token_id, status, updated_by, updated_at)"
                        + " VALUES (:org, :token, :status, :by, :at)")
                .bind("org", orgId)
                .bind("token", tokenId)
                .bind("status", status)
                .bind("by", by)
                .bind("at", at.toEpochMilli())
                .execute();
    }

    /**
     * Members' tokens under review for the org, with their owners and their grants on the org; never
     * their values. Tokens of non-members (former members included) are not the org's to see.
     */
    List<TokenReview> reviews(Org org) {
        return handle.createQuery("SELECT r.token_id, r.status, r.updated_by, r.updated_at, t.name, t.hint, t.role,"
                        + " t.fine_grained, u.username FROM org_token_reviews r JOIN access_tokens t ON t.id = r.token_id"
                        + " JOIN users u ON u.id = t.user_id"
                        + " JOIN org_members m ON m.org_id = r.org_id AND m.user_id = t.user_id"
                        + " WHERE r.org_id = :org AND t.revoked_at IS NULL"
                        + " ORDER BY r.updated_at, r.token_id")
                .bind("org", org.id())
                .map((rs, ctx) -> new TokenReview(rs.getString("token_id"), rs.getString("name"), rs.getString("hint"),
                        rs.getString("role"),
                        Optional.ofNullable(rs.getString("fine_grained")).map(g -> FineGrainedJson.fromText(g).on(org.name())),
                        rs.getString("username"), rs.getString("status"),
                        Optional.ofNullable(rs.getString("updated_by")), Instant.ofEpochMilli(rs.getLong("updated_at"))))
                .list();
    }

    /** Whether the token belongs to a member of the organization. */
    boolean isMembersToken(String orgId, String tokenId) {
        return handle.createQuery("SELECT COUNT(*) FROM access_tokens t JOIN org_members m ON m.user_id = t.user_id"
                        + " WHERE t.id = :token AND m.org_id = :org")
                        .bind("token", tokenId)
                        .bind("org", orgId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** The organizations whose approval this token holds. */
    List<Org> orgsThatApproved(String tokenId) {
        return handle.createQuery("SELECT o.id, o.name, o.fullname, o.created_at FROM org_token_reviews r"
                        + " JOIN organizations o ON o.id = r.org_id WHERE r.token_id = :token AND r.status = 'approved'")
                .bind("token", tokenId)
                .map((rs, ctx) -> new Org(rs.getString("id"), rs.getString("name"), rs.getString("fullname"),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list();
    }

    /** The organization's live service accounts with their roles, by name; at most {@code limit}. */
    List<ServiceAccount> serviceAccounts(Org org, int limit) {
        return handle.createQuery("SELECT u.id, u.username, u.fullname, u.created_at, m.role FROM users u"
                        + " JOIN org_members m ON m.user_id = u.id AND m.org_id = u.owner_org_id"
                        + " WHERE u.owner_org_id = :org AND u.kind = 'service' AND u.deleted_at IS NULL"
                        + " ORDER BY u.username_key LIMIT :limit")
                .bind("org", org.id())
                .bind("limit", limit)
                .map((rs, ctx) -> new ServiceAccount(rs.getString("id"), org.id(), org.name(),
                        rs.getString("username").substring(rs.getString("username").indexOf('/') + 1),
                        rs.getString("fullname"), OrgRole.parse(rs.getString("role")).orElseThrow(),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list();
    }

    int serviceAccountCount(String orgId) {
        return handle.createQuery("SELECT COUNT(*) FROM users WHERE owner_org_id = :org AND kind = 'service'"
                        + " AND deleted_at IS NULL")
                .bind("org", orgId)
                .mapTo(Integer.class)
                .one();
    }

    /** The ids of every account the organization owns, deleted ones included. */
    List<String> serviceAccountIds(String orgId) {
        return handle.createQuery("SELECT id FROM users WHERE owner_org_id = :org AND kind = 'service'"
                        + " AND deleted_at IS NULL ORDER BY id")
                .bind("org", orgId)
                .mapTo(String.class)
                .list();
    }

    /** The organization's repositories, by name; at most {@code limit} (to say which block its deletion). */
    List<String> repoNames(String orgName, int limit) {
        return handle.createQuery("SELECT type, namespace, name FROM repos WHERE namespace_key = :ns"
                        + " ORDER BY type, name_key LIMIT :limit")
                .bind("ns", orgName.toLowerCase(Locale.ROOT))
                .bind("limit", limit)
                .map((rs, ctx) -> ("model".equals(rs.getString("type")) ? "" : rs.getString("type") + "s/")
                        + rs.getString("namespace") + "/" + rs.getString("name"))
                .list();
    }

    int repoCount(String orgName) {
        return handle.createQuery("SELECT COUNT(*) FROM repos WHERE namespace_key = :ns")
                .bind("ns", orgName.toLowerCase(Locale.ROOT))
                .mapTo(Integer.class)
                .one();
    }

    /**
     * Deletes the organization's row and frees its name; members, token policy and reviews go with
     * it (ON DELETE CASCADE). Its audit events stay: they name it by id, with no foreign key.
     */
    void delete(Org org) {
        handle.createUpdate("DELETE FROM organizations WHERE id = :id").bind("id", org.id()).execute();
        handle.createUpdate("DELETE FROM namespaces WHERE name_key = :key AND kind = 'org'")
                .bind("key", org.name().toLowerCase(Locale.ROOT))
                .execute();
    }

    /** The organizations the user belongs to where they are the only admin (a person's deletion would orphan them). */
    List<String> orgsWhereOnlyAdmin(String userId) {
        return handle.createQuery("SELECT o.name FROM org_members m JOIN organizations o ON o.id = m.org_id"
                        + " WHERE m.user_id = :user AND m.role = 'admin' AND (SELECT COUNT(*) FROM org_members a"
                        + " JOIN users u ON u.id = a.user_id WHERE a.org_id = m.org_id AND a.role = 'admin'"
                        + " AND u.kind = 'user') = 1 ORDER BY o.name_key")
                .bind("user", userId)
                .mapTo(String.class)
                .list();
    }

    /** Takes the user out of every organization; returns the ids of those organizations. */
    List<String> removeFromAll(String userId) {
        List<String> orgIds = handle.createQuery("SELECT org_id FROM org_members WHERE user_id = :user ORDER BY org_id")
                .bind("user", userId)
                .mapTo(String.class)
                .list();
        handle.createUpdate("DELETE FROM org_members WHERE user_id = :user").bind("user", userId).execute();
        return orgIds;
    }
}
