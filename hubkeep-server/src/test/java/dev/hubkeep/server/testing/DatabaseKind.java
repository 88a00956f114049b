package dev.hubkeep.server.testing;

import java.nio.file.Path;

/** The databases every repository-touching test runs on. */
public enum DatabaseKind {
    SQLITE {
        @Override
        public String newDatabaseUrl(Path dir) {
            return "jdbc:sqlite:" + dir.resolve("hubkeep.db");
        }
    },
    POSTGRESQL {
        @Override
        public String newDatabaseUrl(Path dir) {
            return SharedPostgres.newDatabaseUrl();
        }
    };

    public abstract String newDatabaseUrl(Path dir);

    /** Frees what {@link #newDatabaseUrl} made, once nothing uses it; a SQLite file goes with its directory. */
    public void dropDatabase(String url) {
        if (this == POSTGRESQL) {
            SharedPostgres.dropDatabase(url);
        }
    }
}
