package dev.hubkeep.server.repos;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code repos} and {@code namespaces} tables, on the caller's handle. */
final class RepoRepository {

    private static final String COLUMNS = "id, type, namespace, name, is_private, gated, require_signed_commits, created_at, updated_at";

    /** Who owns a namespace. */
    record Namespace(String name, String kind, String ownerId) {}

    private final Handle handle;

    RepoRepository(Handle handle) {
        this.handle = handle;
    }

    Optional<Namespace> namespace(String name) {
        return handle.createQuery("SELECT n.kind, n.owner_id, COALESCE(u.username, o.name) AS display FROM namespaces n"
                        + " LEFT JOIN users u ON n.kind = 'user' AND u.id = n.owner_id"
                        + " LEFT JOIN organizations o ON n.kind = 'org' AND o.id = n.owner_id WHERE n.name_key = :key")
                .bind("key", name.toLowerCase(Locale.ROOT))
                .map((rs, ctx) -> new Namespace(rs.getString("display"), rs.getString("kind"), rs.getString("owner_id")))
                .findOne();
    }

    Optional<Repo> find(RepoType type, String namespace, String name) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM repos WHERE type = :type AND namespace_key = :ns AND name_key = :name")
                .bind("type", type.singular())
                .bind("ns", namespace.toLowerCase(Locale.ROOT))
                .bind("name", name.toLowerCase(Locale.ROOT))
                .map(RepoRepository::map)
                .findOne();
    }

    Optional<Repo> findById(String id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM repos WHERE id = :id")
                .bind("id", id)
                .map(RepoRepository::map)
                .findOne();
    }

    void insert(Repo repo) {
        handle.createUpdate("INSERT INTO repos (id, type, namespace, namespace_key, name, name_key, is_private, gated,"
                        + " created_at, updated_at) VALUES (:id, :type, :ns, :nsKey, :name, :nameKey, :private, :gated,"
                        + " :createdAt, :updatedAt)")
                .bind("id", repo.id())
                .bind("type", repo.type().singular())
                .bind("ns", repo.namespace())
                .bind("nsKey", repo.namespace().toLowerCase(Locale.ROOT))
                .bind("name", repo.name())
                .bind("nameKey", repo.name().toLowerCase(Locale.ROOT))
                .bind("private", repo.isPrivate())
                .bind("gated", repo.gated().orElse(null))
                .bind("createdAt", repo.createdAt().toEpochMilli())
                .bind("updatedAt", repo.updatedAt().toEpochMilli())
                .execute();
    }

    void delete(String id) {
        handle.createUpdate("DELETE FROM repos WHERE id = :id").bind("id", id).execute();
    }

    void move(String id, String namespace, String name, Instant at) {
        handle.createUpdate("UPDATE repos SET namespace = :ns, namespace_key = :nsKey, name = :name, name_key = :nameKey,"
                        + " updated_at = :at WHERE id = :id")
                .bind("ns", namespace)
                .bind("nsKey", namespace.toLowerCase(Locale.ROOT))
                .bind("name", name)
                .bind("nameKey", name.toLowerCase(Locale.ROOT))
                .bind("at", at.toEpochMilli())
                .bind("id", id)
                .execute();
    }

    void touch(String id, Instant at) {
        handle.createUpdate("UPDATE repos SET updated_at = :at WHERE id = :id").bind("at", at.toEpochMilli()).bind("id", id).execute();
    }

    void updateSettings(String id, boolean isPrivate, Optional<String> gated, boolean requireSignedCommits, Instant at) {
        handle.createUpdate("UPDATE repos SET is_private = :private, gated = :gated, require_signed_commits = :signed,"
                        + " updated_at = :at WHERE id = :id")
                .bind("private", isPrivate)
                .bind("gated", gated.orElse(null))
                .bind("signed", requireSignedCommits)
                .bind("at", at.toEpochMilli())
                .bind("id", id)
                .execute();
    }

    /** Who requires signed commits of this repository: "repo", "org:<name>" (the org wins), or nobody. */
    Optional<String> signedCommitsRequiredBy(String id) {
        return handle.createQuery("SELECT r.require_signed_commits AS by_repo, o.require_signed_commits AS by_org, o.name AS org"
                        + " FROM repos r LEFT JOIN namespaces n ON n.name_key = r.namespace_key AND n.kind = 'org'"
                        + " LEFT JOIN organizations o ON o.id = n.owner_id WHERE r.id = :id")
                .bind("id", id)
                .map((rs, ctx) -> rs.getBoolean("by_org") ? Optional.of("org:" + rs.getString("org"))
                        : rs.getBoolean("by_repo") ? Optional.of("repo") : Optional.<String>empty())
                .findOne()
                .flatMap(by -> by);
    }

    /** Repositories of a type, optionally of one namespace and/or whose name contains {@code search}. */
    /**
     * One batch of the listing, newest change first: repositories of {@code type} that are public or
     * in one of {@code privateNamespaces} (lower-cased), after {@code after}, at most {@code batch}.
     * The index {@code repos_listing} serves the order; the caller still decides on each row.
     */
    List<Repo> listBatch(RepoType type, Optional<String> author, Optional<String> search, java.util.Collection<String> privateNamespaces,
            Optional<RepoListCursor> after, int batch) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM repos WHERE type = :type");
        sql.append(privateNamespaces.isEmpty() ? " AND is_private = FALSE" : " AND (is_private = FALSE OR namespace_key IN (<mine>))");
        author.ifPresent(a -> sql.append(" AND namespace_key = :author"));
        search.ifPresent(q -> sql.append(" AND (name_key LIKE :search ESCAPE '!' OR namespace_key LIKE :search ESCAPE '!')"));
        after.ifPresent(c -> sql.append(" AND (updated_at < :afterAt OR (updated_at = :afterAt AND id < :afterId))"));
        var query = handle.createQuery(sql.append(" ORDER BY updated_at DESC, id DESC LIMIT :batch").toString())
                .bind("type", type.singular())
                .bind("batch", batch);
        if (!privateNamespaces.isEmpty()) {
            query.bindList("mine", List.copyOf(privateNamespaces));
        }
        author.ifPresent(a -> query.bind("author", a.toLowerCase(Locale.ROOT)));
        search.ifPresent(q -> query.bind("search", "%" + q.toLowerCase(Locale.ROOT)
                .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"));
        after.ifPresent(c -> query.bind("afterAt", c.updatedAt().toEpochMilli()).bind("afterId", c.id()));
        return query.map(RepoRepository::map).list();
    }

    private static Repo map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Repo(
                rs.getString("id"),
                RepoType.fromSingular(rs.getString("type")),
                rs.getString("namespace"),
                rs.getString("name"),
                rs.getBoolean("is_private"),
                Optional.ofNullable(rs.getString("gated")),
                rs.getBoolean("require_signed_commits"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
