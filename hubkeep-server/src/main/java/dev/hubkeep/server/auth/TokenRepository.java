package dev.hubkeep.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code access_tokens} table, on the caller's handle. Every query about a user's tokens names the user. */
final class TokenRepository {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String COLUMNS = "t.id, t.user_id, t.name, t.role, t.fine_grained, t.hint, t.allowed_cidrs,"
            + " t.created_at, t.expires_at, t.refreshed_at, t.last_used_at, t.last_used_ip, t.revoked_at";

    /**
     * A token found by digest, with its owner's name, email standing and kind (for the principal),
     * whether the owner is active, and whether its expiry was seen.
     */
    record Found(AccessToken token, String username, boolean ownerEmailVerified, boolean expirySeen,
            boolean ownerIsService, boolean ownerActive) {}

    /** A value a refresh replaced: when, and whether the token was revoked since. */
    record Replaced(Instant replacedAt, Optional<Instant> tokenRevokedAt) {}

    private final Handle handle;

    TokenRepository(Handle handle) {
        this.handle = handle;
    }

    void insert(AccessToken token, String digest, String pepperId) {
        insert(token, digest, pepperId, Optional.empty());
    }

    /** @param createdBy who made it, when that is not its owner (a service account's token) */
    void insert(AccessToken token, String digest, String pepperId, Optional<String> createdBy) {
        handle.createUpdate("INSERT INTO access_tokens (id, user_id, name, name_key, role, fine_grained, digest, pepper_id,"
                        + " hint, allowed_cidrs, created_at, expires_at, created_by)"
                        + " VALUES (:id, :userId, :name, :nameKey, :role, :fineGrained, :digest, :pepperId, :hint,"
                        + " :cidrs, :createdAt, :expiresAt, :createdBy)")
                .bind("createdBy", createdBy.orElse(null))
                .bind("id", token.id())
                .bind("userId", token.userId())
                .bind("name", token.name())
                .bind("nameKey", token.name().toLowerCase(Locale.ROOT))
                .bind("role", token.role().wireName())
                .bind("fineGrained", token.fineGrained().map(FineGrainedJson::toText).orElse(null))
                .bind("digest", digest)
                .bind("pepperId", pepperId)
                .bind("hint", token.hint())
                .bind("cidrs", cidrsText(token.allowedCidrs()))
                .bind("createdAt", token.createdAt().toEpochMilli())
                .bind("expiresAt", token.expiresAt().map(Instant::toEpochMilli).orElse(null))
                .execute();
    }

    /** The one probe of authentication: a unique-index lookup on the digest. */
    Optional<Found> findByDigest(String digest) {
        return handle.createQuery("SELECT " + COLUMNS + ", t.digest, t.expiry_seen_at, u.username, u.email_verified_at,"
                        + " u.kind, u.deactivated_at FROM access_tokens t"
                        + " JOIN users u ON u.id = t.user_id WHERE t.digest = :digest")
                .bind("digest", digest)
                .map((rs, ctx) -> {
                    // Defence in depth against collation or driver surprises: compare in constant time.
                    if (!java.security.MessageDigest.isEqual(
                            rs.getString("digest").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                            digest.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                        return null;
                    }
                    rs.getLong("expiry_seen_at");
                    boolean expirySeen = !rs.wasNull();
                    rs.getLong("email_verified_at");
                    boolean verified = !rs.wasNull();
                    rs.getLong("deactivated_at");
                    boolean active = rs.wasNull();
                    return new Found(map(rs, ctx), rs.getString("username"), verified, expirySeen,
                            "service".equals(rs.getString("kind")), active);
                })
                .findOne();
    }

    List<AccessToken> listLive(String userId) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM access_tokens t"
                        + " WHERE t.user_id = :userId AND t.revoked_at IS NULL ORDER BY t.created_at, t.id")
                .bind("userId", userId)
                .map(TokenRepository::map)
                .list();
    }

    /**
     * The live tokens of an organization's service accounts, oldest first; at most {@code limit}
     * (an organization's token list is bounded like every list).
     */
    List<OrgToken> liveOfServiceAccounts(String orgId, int limit) {
        return handle.createQuery("SELECT " + COLUMNS + ", t.created_by, u.username FROM access_tokens t"
                        + " JOIN users u ON u.id = t.user_id"
                        + " WHERE u.owner_org_id = :org AND u.kind = 'service' AND u.deleted_at IS NULL"
                        + " AND t.revoked_at IS NULL ORDER BY t.created_at, t.id LIMIT :limit")
                .bind("org", orgId)
                .bind("limit", limit)
                .map((rs, ctx) -> new OrgToken(map(rs, ctx), rs.getString("username"),
                        Optional.ofNullable(rs.getString("created_by"))))
                .list();
    }

    Optional<AccessToken> findLive(String userId, String id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM access_tokens t"
                        + " WHERE t.user_id = :userId AND t.id = :id AND t.revoked_at IS NULL")
                .bind("userId", userId)
                .bind("id", id)
                .map(TokenRepository::map)
                .findOne();
    }

    boolean nameTaken(String userId, String name) {
        return handle.createQuery("SELECT COUNT(*) FROM access_tokens"
                        + " WHERE user_id = :userId AND name_key = :nameKey AND revoked_at IS NULL")
                        .bind("userId", userId)
                        .bind("nameKey", name.toLowerCase(Locale.ROOT))
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    void rename(String userId, String id, String name) {
        handle.createUpdate("UPDATE access_tokens SET name = :name, name_key = :nameKey WHERE user_id = :userId AND id = :id")
                .bind("name", name)
                .bind("nameKey", name.toLowerCase(Locale.ROOT))
                .bind("userId", userId)
                .bind("id", id)
                .execute();
    }

    void setGrants(String userId, String id, FineGrained grants) {
        handle.createUpdate("UPDATE access_tokens SET fine_grained = :grants WHERE user_id = :userId AND id = :id")
                .bind("grants", FineGrainedJson.toText(grants))
                .bind("userId", userId)
                .bind("id", id)
                .execute();
    }

    /**
     * Gives the token a new value, if its current value is still the one issued at {@code issuedAt}
     * (empty: at creation); the old digest stops matching in the same statement. False when another
     * refresh came first: on PostgreSQL the second update waits for the first and then finds the
     * condition false, on SQLite write transactions are serial.
     */
    boolean replaceValue(String userId, String id, Optional<Instant> issuedAt, String digest, String pepperId, String hint,
            Instant at) {
        Optional<String[]> old = handle.createQuery("SELECT digest, pepper_id FROM access_tokens"
                        + " WHERE user_id = :userId AND id = :id AND revoked_at IS NULL AND COALESCE(refreshed_at, -1) = :issuedAt")
                .bind("userId", userId)
                .bind("id", id)
                .bind("issuedAt", issuedAt.map(Instant::toEpochMilli).orElse(-1L))
                .map((rs, ctx) -> new String[] {rs.getString("digest"), rs.getString("pepper_id")})
                .findOne();
        boolean replaced = old.isPresent() && handle.createUpdate("UPDATE access_tokens SET digest = :digest, pepper_id = :pepperId, hint = :hint,"
                                + " refreshed_at = :at WHERE user_id = :userId AND id = :id AND revoked_at IS NULL"
                                + " AND COALESCE(refreshed_at, -1) = :issuedAt")
                        .bind("digest", digest)
                        .bind("pepperId", pepperId)
                        .bind("hint", hint)
                        .bind("at", at.toEpochMilli())
                        .bind("userId", userId)
                        .bind("id", id)
                        .bind("issuedAt", issuedAt.map(Instant::toEpochMilli).orElse(-1L))
                        .execute()
                == 1;
        if (replaced) {
            // Remembered by digest, so a client still sending the old value hears that it was replaced.
            handle.createUpdate("INSERT INTO access_token_replaced_values (digest, pepper_id, token_id, replaced_at)"
                            + " VALUES (:digest, :pepperId, :id, :at) ON CONFLICT DO NOTHING")
                    .bind("digest", old.get()[0])
                    .bind("pepperId", old.get()[1])
                    .bind("id", id)
                    .bind("at", at.toEpochMilli())
                    .execute();
        }
        return replaced;
    }

    /** A new expiry for a live token (a device login's refresh grant). */
    void setExpiry(String id, Instant expiresAt) {
        handle.createUpdate("UPDATE access_tokens SET expires_at = :at, expiry_seen_at = NULL WHERE id = :id AND revoked_at IS NULL")
                .bind("at", expiresAt.toEpochMilli())
                .bind("id", id)
                .execute();
    }

    /** The replaced value with this digest, if a refresh replaced one. */
    Optional<Replaced> findReplaced(String digest) {
        return handle.createQuery("SELECT r.digest, r.replaced_at, t.revoked_at FROM access_token_replaced_values r"
                        + " JOIN access_tokens t ON t.id = r.token_id WHERE r.digest = :digest")
                .bind("digest", digest)
                .map((rs, ctx) -> java.security.MessageDigest.isEqual(
                                rs.getString("digest").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                                digest.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        ? new Replaced(Instant.ofEpochMilli(rs.getLong("replaced_at")), instant(rs, "revoked_at"))
                        : null)
                .findOne();
    }

    /** Re-makes a digest under the current pepper (after a rotation); the value is unchanged. */
    void redigest(String id, String oldDigest, String digest, String pepperId) {
        handle.createUpdate("UPDATE access_tokens SET digest = :digest, pepper_id = :pepperId WHERE id = :id AND digest = :old")
                .bind("digest", digest)
                .bind("pepperId", pepperId)
                .bind("id", id)
                .bind("old", oldDigest)
                .execute();
    }

    boolean revoke(String id, Instant at, String by) {
        return handle.createUpdate("UPDATE access_tokens SET revoked_at = :at, revoked_by = :by"
                                + " WHERE id = :id AND revoked_at IS NULL")
                        .bind("at", at.toEpochMilli())
                        .bind("by", by)
                        .bind("id", id)
                        .execute()
                == 1;
    }

    /** Marks the expiry as seen; true only for the first caller, so it is audited once. */
    boolean markExpirySeen(String id, Instant at) {
        return handle.createUpdate("UPDATE access_tokens SET expiry_seen_at = :at WHERE id = :id AND expiry_seen_at IS NULL")
                        .bind("at", at.toEpochMilli())
                        .bind("id", id)
                        .execute()
                == 1;
    }

    void recordUse(String id, Instant at, String address) {
        handle.createUpdate("UPDATE access_tokens SET last_used_at = :at, last_used_ip = :address"
                        + " WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :at)")
                .bind("at", at.toEpochMilli())
                .bind("address", address)
                .bind("id", id)
                .execute();
    }

    /** Remembers an address the token was used from; true if it had never been seen. */
    boolean addAddress(String id, String address, Instant at) {
        return handle.createUpdate("INSERT INTO access_token_addresses (token_id, address, first_seen_at)"
                                + " VALUES (:id, :address, :at) ON CONFLICT DO NOTHING")
                        .bind("id", id)
                        .bind("address", address)
                        .bind("at", at.toEpochMilli())
                        .execute()
                == 1;
    }

    private static AccessToken map(ResultSet rs, StatementContext ctx) throws SQLException {
        String grants = rs.getString("fine_grained");
        return new AccessToken(
                rs.getString("id"),
                rs.getString("user_id"),
                rs.getString("name"),
                TokenRole.parse(rs.getString("role")),
                Optional.ofNullable(grants).map(FineGrainedJson::fromText),
                rs.getString("hint"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                instant(rs, "expires_at"),
                cidrs(rs.getString("allowed_cidrs")),
                instant(rs, "last_used_at"),
                Optional.ofNullable(rs.getString("last_used_ip")),
                instant(rs, "refreshed_at"),
                instant(rs, "revoked_at"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }

    private static String cidrsText(List<CidrRange> cidrs) {
        if (cidrs.isEmpty()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(cidrs.stream().map(CidrRange::text).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<CidrRange> cidrs(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return Arrays.stream(MAPPER.readValue(text, String[].class)).map(CidrRange::parse).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored allowed_cidrs is not JSON", e);
        }
    }
}
