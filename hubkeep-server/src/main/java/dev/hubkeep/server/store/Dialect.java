package dev.hubkeep.server.store;

import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Everything that differs between SQLite and PostgreSQL lives here; all SQL elsewhere is written
 * once for both.
 */
public enum Dialect {
    SQLITE("sqlite") {
        @Override
        Properties connectionProperties() {
            Properties p = new Properties();
            p.setProperty("journal_mode", "WAL");
            p.setProperty("synchronous", "NORMAL");
            p.setProperty("busy_timeout", "10000");
            p.setProperty("foreign_keys", "true");
            // DEFERRED transactions fail with SQLITE_BUSY_SNAPSHOT when two of them read and then
            // write concurrently; busy_timeout does not retry those. IMMEDIATE takes the write
            // lock up front, so writers queue instead of failing.
            p.setProperty("transaction_mode", "IMMEDIATE");
            return p;
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            // The primary code SQLITE_CONSTRAINT also covers foreign keys and NOT NULL, so look
            // at the extended code the driver keeps.
            return e instanceof SQLiteException sqlite
                    && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                            || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
        }

        @Override
        int maximumPoolSize() {
            return 8;
        }
    },
    POSTGRESQL("postgresql") {
        @Override
        Properties connectionProperties() {
            return new Properties();
        }

        @Override
        boolean isUniqueViolation(SQLException e) {
            return "23505".equals(e.getSQLState());
        }

        @Override
        int maximumPoolSize() {
            return 16;
        }
    };

    private final String migrationFolder;

    Dialect(String migrationFolder) {
        this.migrationFolder = migrationFolder;
    }

    public static Dialect fromJdbcUrl(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException(
                "Unsupported database URL (expected jdbc:sqlite:… or jdbc:postgresql:…): " + redact(url));
    }

    /** The classpath folder holding migrations only this database needs, beside the shared ones. */
    String vendorMigrations() {
        return "classpath:db/vendor/" + migrationFolder;
    }

    abstract Properties connectionProperties();

    abstract boolean isUniqueViolation(SQLException e);

    abstract int maximumPoolSize();

    /** A JDBC URL may carry a password in its query; show only what precedes it. */
    public static String redact(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }
}
