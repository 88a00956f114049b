package dev.hubkeep.server.repos;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code repo_access_requests} table, on the caller's handle. */
final class AccessRequestRepository {

    private final Handle handle;

    AccessRequestRepository(Handle handle) {
        this.handle = handle;
    }

    Optional<AccessRequest.Status> statusOf(String repoId, String userId) {
        return handle.createQuery("SELECT status FROM repo_access_requests WHERE repo_id = :repo AND user_id = :user")
                .bind("repo", repoId)
                .bind("user", userId)
                .mapTo(String.class)
                .findOne()
                .flatMap(AccessRequest.Status::fromWire);
    }

    /** What the requester filled in, as stored (JSON), if they asked. */
    Optional<String> fieldsOf(String repoId, String userId) {
        return handle.createQuery("SELECT fields FROM repo_access_requests WHERE repo_id = :repo AND user_id = :user")
                .bind("repo", repoId)
                .bind("user", userId)
                .mapTo(String.class)
                .findOne();
    }

    /** Creates the request or sets its status (keeping what the requester filled in unless given). */
    void put(String repoId, String userId, AccessRequest.Status status, Optional<String> fieldsJson,
            Optional<String> rejectionReason, Instant at) {
        handle.createUpdate("INSERT INTO repo_access_requests"
                        + " (repo_id, user_id, status, fields, rejection_reason, created_at, updated_at)"
                        + " VALUES (:repo, :user, :status, :fields, :reason, :at, :at)"
                        + " ON CONFLICT (repo_id, user_id) DO UPDATE SET status = :status,"
                        + " fields = COALESCE(:fields, repo_access_requests.fields), rejection_reason = :reason,"
                        + " updated_at = :at")
                .bind("repo", repoId)
                .bind("user", userId)
                .bind("status", status.wireName())
                .bindByType("fields", fieldsJson.orElse(null), String.class)
                .bindByType("reason", rejectionReason.orElse(null), String.class)
                .bind("at", at.toEpochMilli())
                .execute();
    }

    void delete(String repoId, String userId) {
        handle.createUpdate("DELETE FROM repo_access_requests WHERE repo_id = :repo AND user_id = :user")
                .bind("repo", repoId)
                .bind("user", userId)
                .execute();
    }

    List<AccessRequest> list(String repoId, AccessRequest.Status status) {
        return handle.createQuery("SELECT u.username, u.fullname, r.status, r.fields, r.rejection_reason, r.updated_at"
                        + " FROM repo_access_requests r JOIN users u ON u.id = r.user_id"
                        + " WHERE r.repo_id = :repo AND r.status = :status ORDER BY r.updated_at DESC, u.username")
                .bind("repo", repoId)
                .bind("status", status.wireName())
                .map((rs, ctx) -> new AccessRequest(rs.getString("username"), rs.getString("fullname"),
                        AccessRequest.Status.fromWire(rs.getString("status")).orElseThrow(),
                        rs.getString("fields") == null ? "{}" : rs.getString("fields"),
                        Optional.ofNullable(rs.getString("rejection_reason")),
                        Instant.ofEpochMilli(rs.getLong("updated_at"))))
                .list();
    }
}
