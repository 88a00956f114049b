package dev.hubkeep.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the changes an operator command commits (another process: {@code hubkeep admin …}) reach a
 * server running on the same SQLite database, which has no {@code NOTIFY}: the command appends each
 * change to the {@code change_log} table, and the server reads the rows after the last one it saw,
 * every {@link #POLL} on a connection of its own, and drops what its caches hold of them. It is a
 * poll (SQLite tells no other process of a commit), but an exact one: only the entries a change
 * names are dropped. On PostgreSQL the command sends the change with {@code NOTIFY} instead
 * ({@link ChangeBroadcast#notifier}).
 */
public final class ChangeLog implements AutoCloseable {

    /** How soon a running server applies an operator command's change. */
    static final Duration POLL = Duration.ofMillis(500);
    /** How long rows stay: a server that stopped reading longer than this drops every cache instead. */
    static final Duration KEEP = Duration.ofDays(1);
    /** Rows read per poll at most. */
    private static final int BATCH = 1_000;
    /** The name operator commands write their changes under (never this process's own). */
    private static final String WRITER = "operator";

    private static final Logger log = LoggerFactory.getLogger(ChangeLog.class);

    private final Database database;
    private final Changes changes;
    private final Thread reader;
    private volatile boolean running;
    private long last;

    public ChangeLog(Database database, Changes changes) {
        if (database.dialect() != Dialect.SQLITE) {
            throw new IllegalArgumentException("The change log serves SQLite; PostgreSQL nodes hear changes by LISTEN");
        }
        this.database = database;
        this.changes = changes;
        this.reader = new Thread(this::read, "hubkeep-change-log");
        reader.setDaemon(true);
    }

    /**
     * Appends a committed change for running servers to read (an operator command, after its own
     * transaction committed), and deletes rows older than {@link #KEEP}.
     */
    public static void append(Database database, Clock clock, Change change) {
        database.jdbi().useTransaction(h -> append(h, clock, change));
    }

    /** Appends a change within the transaction that makes it: running servers read it if and when that commits. */
    public static void append(Handle h, Clock clock, Change change) {
        long now = clock.millis();
        h.createUpdate("""
                        INSERT INTO change_log (seq, change, created_at)
                        SELECT COALESCE(MAX(seq), 0) + 1, :change, :at FROM change_log""")
                .bind("change", ChangeBroadcast.encode(WRITER, change))
                .bind("at", now)
                .execute();
        h.createUpdate("DELETE FROM change_log WHERE created_at < :before")
                .bind("before", now - KEEP.toMillis())
                .execute();
    }

    /** Starts reading after the newest row there is now: what came before, this server read from the database. */
    public void start() {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM change_log")) {
            rs.next();
            last = rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the change log: " + e.getMessage(), e);
        }
        running = true;
        reader.start();
    }

    private void read() {
        while (running) {
            try (Connection connection = connect()) {
                while (running) {
                    poll(connection);
                    Thread.sleep(POLL.toMillis());
                }
            } catch (InterruptedException e) {
                return; // closing
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Could not read operator commands' changes ({}); trying again", e.getMessage());
                    try {
                        Thread.sleep(POLL.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    private void poll(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT seq, change FROM change_log WHERE seq > ? ORDER BY seq LIMIT " + BATCH)) {
            query.setLong(1, last);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    if (seq != last + 1) {
                        changes.deliver(Change.EVERYTHING); // rows were deleted before this server read them
                    }
                    ChangeBroadcast.decode("", rs.getString(2)).ifPresent(changes::deliver);
                    last = seq;
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        return database.openDedicatedConnection(new Properties());
    }

    @Override
    public void close() {
        running = false;
        reader.interrupt();
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
