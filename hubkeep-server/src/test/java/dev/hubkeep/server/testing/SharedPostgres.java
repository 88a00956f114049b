package dev.hubkeep.server.testing;

import dev.hubkeep.server.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server (embedded binaries, started on first use) for the whole test run;
 * each test gets a database of its own on it.
 */
public final class SharedPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private SharedPostgres() {}

    private static final class Holder {
        static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            try {
                // A test server: nothing in it has to survive a crash, so it never waits for the disk.
                EmbeddedPostgres server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the temp directory goes with it
                    }
                }));
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
        }
    }

    /**
     * Drops the database behind {@code jdbcUrl}, made by {@link #newDatabaseUrl}, once nothing uses it.
     * Left in place, hundreds of them made the server's deletion at exit outlast surefire's 30 seconds.
     */
    public static void dropDatabase(String jdbcUrl) {
        String name = jdbcUrl.replaceFirst("^.*/([a-z0-9_]+)(\\?.*)?$", "$1");
        if (!name.startsWith("hubkeep_test_")) {
            throw new IllegalArgumentException("Not a test database: " + jdbcUrl);
        }
        try (Connection connection = Holder.SERVER.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test database " + name, e);
        }
    }

    /** A database with every migration applied, made on first use, that {@link #newMigratedDatabaseUrl} copies. */
    private static final class Template {

        static final String NAME = create();

        private static String create() {
            String name = "hubkeep_template";
            execute("CREATE DATABASE " + name);
            Database.open(Holder.SERVER.getJdbcUrl("postgres", name), Optional.empty(), Optional.empty()).close();
            return name;
        }
    }

    /** Creates a database migrated as the hub migrates it (a copy of the template) and returns its JDBC URL. */
    public static String newMigratedDatabaseUrl() {
        String name = "hubkeep_test_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name + " TEMPLATE " + Template.NAME);
        return Holder.SERVER.getJdbcUrl("postgres", name);
    }

    private static void execute(String sql) {
        try (Connection connection = Holder.SERVER.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not " + sql, e);
        }
    }

    /** Creates a fresh, empty database and returns its JDBC URL (user and password: postgres). */
    public static String newDatabaseUrl() {
        String name = "hubkeep_test_" + DATABASES.incrementAndGet();
        try (Connection connection = Holder.SERVER.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return Holder.SERVER.getJdbcUrl("postgres", name);
    }
}
