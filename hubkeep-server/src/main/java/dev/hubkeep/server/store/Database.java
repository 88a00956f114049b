package dev.hubkeep.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The connection pool, the migrations and the {@link Jdbi} handle services run their
 * transactions on. Opening it brings the schema up to date.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final Jdbi jdbi;
    private final String url;
    private final Properties credentials;

    private Database(HikariDataSource dataSource, Dialect dialect, String url, Properties credentials) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.url = url;
        this.credentials = credentials;
        this.jdbi = Jdbi.create(dataSource);
        // Bound values are digests, hashes and e-mail addresses: keep them out of exception
        // messages, which end up in logs. The statement text alone is enough to debug.
        jdbi.getConfig(StatementExceptions.class)
                .setMessageRendering(StatementExceptions.MessageRendering.SHORT_STATEMENT);
    }

    /** Opens a pool on {@code url} and applies every pending migration. */
    public static Database open(String url, Optional<String> user, Optional<String> password) {
        Dialect dialect = Dialect.fromJdbcUrl(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        user.ifPresent(config::setUsername);
        password.ifPresent(config::setPassword);
        config.setDataSourceProperties(dialect.connectionProperties());
        config.setMaximumPoolSize(dialect.maximumPoolSize());
        config.setPoolName("hubkeep-db");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource, dialect);
            Properties credentials = new Properties();
            user.ifPresent(u -> credentials.setProperty("user", u));
            password.ifPresent(p -> credentials.setProperty("password", p));
            return new Database(dataSource, dialect, url, credentials);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static void migrate(DataSource dataSource, Dialect dialect) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration", dialect.vendorMigrations())
                .failOnMissingLocations(false)
                .load()
                .migrate();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** True when {@code e} says an insert or update broke a unique constraint. */
    public boolean isUniqueViolation(RuntimeException e) {
        return e instanceof UnableToExecuteStatementException
                && e.getCause() instanceof SQLException sql
                && dialect.isUniqueViolation(sql);
    }

    /**
     * Counts every SQL statement executed ({@code hubkeep_db_statements_total}), so operators see
     * the load and tests can prove that a request touched no database.
     */
    public void bindMetrics(MeterRegistry registry) {
        Counter statements = Counter.builder("hubkeep.db.statements")
                .description("SQL statements executed")
                .register(registry);
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.increment();
            }

            @Override
            public void logException(StatementContext context, SQLException ex) {
                statements.increment();
            }
        });
    }

    /**
     * A connection of its own, outside the pool, that the caller closes: for a session that must
     * last (a {@code LISTEN}) and must never be handed to a request.
     */
    Connection openDedicatedConnection(Properties extra) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(dialect.connectionProperties());
        properties.putAll(extra);
        properties.putAll(credentials);
        return DriverManager.getConnection(url, properties);
    }

    /** A cheap round trip, for readiness checks. */
    public boolean isReachable() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
