package dev.hubkeep.server.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code trusted_publishers} and {@code trusted_publisher_tokens} tables, on the caller's handle; reads name the owner. */
final class PublisherRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> RULES = new TypeReference<>() {};
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
    private static final String SELECT = "SELECT p.id, p.user_id, p.org_id, p.service_account, p.name, p.issuer, p.audience,"
            + " p.claims, p.repositories, p.access, p.lifetime_seconds, p.created_by, p.created_at, u.username, o.name AS org_name"
            + " FROM trusted_publishers p LEFT JOIN users u ON u.id = p.user_id LEFT JOIN organizations o ON o.id = p.org_id";

    private final Handle handle;

    PublisherRepository(Handle handle) {
        this.handle = handle;
    }

    void insert(TrustedPublisher p) {
        handle.createUpdate("INSERT INTO trusted_publishers (id, user_id, org_id, service_account, owner_key, name, name_key,"
                        + " issuer, audience, claims, repositories, access, lifetime_seconds, created_by, created_at)"
                        + " VALUES (:id, :userId, :orgId, :serviceAccount, :ownerKey, :name, :nameKey, :issuer, :audience,"
                        + " :claims, :repositories, :access, :lifetime, :createdBy, :createdAt)")
                .bind("id", p.id())
                .bind("userId", p.owner() instanceof TrustedPublisher.UserOwner u ? u.userId() : null)
                .bind("orgId", p.owner() instanceof TrustedPublisher.OrgOwner o ? o.orgId() : null)
                .bind("serviceAccount", p.owner() instanceof TrustedPublisher.OrgOwner o ? o.serviceAccount() : null)
                .bind("ownerKey", p.owner().key())
                .bind("name", p.name())
                .bind("nameKey", p.name().toLowerCase(Locale.ROOT))
                .bind("issuer", p.issuer())
                .bind("audience", p.audience().orElse(null))
                .bind("claims", json(p.rules().equal()))
                .bind("repositories", json(p.repositories().stream().map(PublishedRepo::wire).toList()))
                .bind("access", p.accessName())
                .bind("lifetime", p.lifetime().toSeconds())
                .bind("createdBy", p.createdBy())
                .bind("createdAt", p.createdAt().toEpochMilli())
                .execute();
    }

    List<TrustedPublisher> listFor(String ownerKey) {
        return handle.createQuery(SELECT + " WHERE p.owner_key = :owner ORDER BY p.created_at, p.id")
                .bind("owner", ownerKey)
                .map(PublisherRepository::map)
                .list();
    }

    Optional<TrustedPublisher> find(String ownerKey, String id) {
        return handle.createQuery(SELECT + " WHERE p.owner_key = :owner AND p.id = :id")
                .bind("owner", ownerKey)
                .bind("id", id)
                .map(PublisherRepository::map)
                .findOne();
    }

    int countFor(String ownerKey) {
        return handle.createQuery("SELECT COUNT(*) FROM trusted_publishers WHERE owner_key = :owner")
                .bind("owner", ownerKey)
                .mapTo(Integer.class)
                .one();
    }

    boolean nameTaken(String ownerKey, String name) {
        return handle.createQuery("SELECT COUNT(*) FROM trusted_publishers WHERE owner_key = :owner AND name_key = :key")
                        .bind("owner", ownerKey)
                        .bind("key", name.toLowerCase(Locale.ROOT))
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    void delete(String id) {
        handle.createUpdate("DELETE FROM trusted_publishers WHERE id = :id").bind("id", id).execute();
    }

    /** The publishers trusting {@code issuer}, oldest first, at most {@code limit}. */
    List<TrustedPublisher> forIssuer(String issuer, int limit) {
        return handle.createQuery(SELECT + " WHERE p.issuer = :issuer ORDER BY p.created_at, p.id LIMIT :limit")
                .bind("issuer", issuer)
                .bind("limit", limit)
                .map(PublisherRepository::map)
                .list();
    }

    boolean anyFor(String issuer) {
        return handle.createQuery("SELECT COUNT(*) FROM trusted_publishers WHERE issuer = :issuer")
                        .bind("issuer", issuer)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    void linkToken(String tokenId, String publisherId, Instant expiresAt) {
        handle.createUpdate("INSERT INTO trusted_publisher_tokens (token_id, publisher_id, expires_at)"
                        + " VALUES (:token, :publisher, :expires)")
                .bind("token", tokenId)
                .bind("publisher", publisherId)
                .bind("expires", expiresAt.toEpochMilli())
                .execute();
    }

    /** The publisher's tokens, or those that expired before {@code before}, at most {@code limit}. */
    List<String> tokens(String publisherId, Instant before, int limit) {
        return handle.createQuery("SELECT token_id FROM trusted_publisher_tokens WHERE publisher_id = :publisher"
                        + " AND expires_at < :before ORDER BY expires_at LIMIT :limit")
                .bind("publisher", publisherId)
                .bind("before", before.toEpochMilli())
                .bind("limit", limit)
                .mapTo(String.class)
                .list();
    }

    void unlinkToken(String tokenId) {
        handle.createUpdate("DELETE FROM trusted_publisher_tokens WHERE token_id = :token").bind("token", tokenId).execute();
    }

    private static TrustedPublisher map(ResultSet rs, StatementContext ctx) throws SQLException {
        TrustedPublisher.Owner owner = rs.getString("user_id") != null
                ? new TrustedPublisher.UserOwner(rs.getString("user_id"), rs.getString("username"))
                : new TrustedPublisher.OrgOwner(rs.getString("org_id"), rs.getString("org_name"), rs.getString("service_account"));
        try {
            return new TrustedPublisher(
                    rs.getString("id"),
                    owner,
                    rs.getString("name"),
                    rs.getString("issuer"),
                    Optional.ofNullable(rs.getString("audience")),
                    new ClaimRules(JSON.readValue(rs.getString("claims"), RULES)),
                    JSON.readValue(rs.getString("repositories"), NAMES).stream()
                            .map(text -> PublishedRepo.parse(text).orElseThrow())
                            .toList(),
                    "write".equals(rs.getString("access")),
                    Duration.ofSeconds(rs.getLong("lifetime_seconds")),
                    rs.getString("created_by"),
                    Instant.ofEpochMilli(rs.getLong("created_at")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("trusted publisher " + rs.getString("id") + " has unreadable JSON", e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
