package dev.hubkeep.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code audit_events} table. Events are written in the transaction of the change they record. */
public final class AuditRepository {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {};

    private final Handle handle;

    public AuditRepository(Handle handle) {
        this.handle = handle;
    }

    public void insert(AuditEvent event) {
        try {
            handle.createUpdate("INSERT INTO audit_events (id, at, user_id, actor, action, token_id, address, details, org_id)"
                            + " VALUES (:id, :at, :userId, :actor, :action, :tokenId, :address, :details, :orgId)")
                    .bind("orgId", event.orgId().orElse(null))
                    .bind("id", event.id())
                    .bind("at", event.at().toEpochMilli())
                    .bind("userId", event.userId())
                    .bind("actor", event.actor())
                    .bind("action", event.action())
                    .bind("tokenId", event.tokenId().orElse(null))
                    .bind("address", event.address().orElse(null))
                    .bind("details", MAPPER.writeValueAsString(event.details()))
                    .execute();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The user's own events (not organizations'), newest first, older than event {@code beforeId} if given. */
    public List<AuditEvent> forUser(String userId, Optional<String> beforeId, int limit) {
        return query("user_id = :owner AND org_id IS NULL", userId, beforeId, limit);
    }

    /** An organization's events, newest first, older than event {@code beforeId} if given. */
    public List<AuditEvent> forOrg(String orgId, Optional<String> beforeId, int limit) {
        return query("org_id = :owner", orgId, beforeId, limit);
    }

    private List<AuditEvent> query(String condition, String owner, Optional<String> beforeId, int limit) {
        return handle.createQuery("SELECT id, at, user_id, actor, action, token_id, address, details, org_id"
                        + " FROM audit_events WHERE " + condition + " AND id < :before ORDER BY id DESC LIMIT :limit")
                .bind("owner", owner)
                .bind("before", beforeId.orElse("g")) // every id is hex, so sorts before "g"
                .bind("limit", limit)
                .map((rs, ctx) -> {
                    try {
                        return new AuditEvent(
                                rs.getString("id"),
                                Instant.ofEpochMilli(rs.getLong("at")),
                                rs.getString("user_id"),
                                rs.getString("actor"),
                                rs.getString("action"),
                                Optional.ofNullable(rs.getString("token_id")),
                                Optional.ofNullable(rs.getString("address")),
                                MAPPER.readValue(rs.getString("details"), DETAILS),
                                Optional.ofNullable(rs.getString("org_id")));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .list();
    }
}
