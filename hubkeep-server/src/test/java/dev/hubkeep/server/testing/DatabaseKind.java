package dev.hubkeep.server.testing;

import dev.hubkeep.server.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The databases every repository-touching test runs on. */
public enum DatabaseKind {
    SQLITE {
        @Override
        public String newDatabaseUrl(Path dir) {
            return "jdbc:sqlite:" + dir.resolve("hubkeep.db");
        }

        @Override
        public String newMigratedDatabaseUrl(Path dir) {
            Path file = dir.resolve("hubkeep.db");
            if (Files.exists(file)) {
                return "jdbc:sqlite:" + file; // a hub started again on the same directory keeps its data
            }
            try {
                Files.createDirectories(dir);
                Files.copy(MigratedSqlite.TEMPLATE, file);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not copy the migrated SQLite template to " + file, e);
            }
            return "jdbc:sqlite:" + file;
        }
    },
    POSTGRESQL {
        @Override
        public String newDatabaseUrl(Path dir) {
            return SharedPostgres.newDatabaseUrl();
        }

        @Override
        public String newMigratedDatabaseUrl(Path dir) {
            return SharedPostgres.newMigratedDatabaseUrl();
        }
    };

    /** A new, empty database: the hub that opens it applies every migration. */
    public abstract String newDatabaseUrl(Path dir);

    /**
     * A new database with every migration already applied, copied from one migrated once per run: the
     * hub that opens it only checks the schema history. Migrating was the largest part of a hub start.
     */
    public abstract String newMigratedDatabaseUrl(Path dir);

    /** Frees what {@link #newDatabaseUrl} made, once nothing uses it; a SQLite file goes with its directory. */
    public void dropDatabase(String url) {
        if (this == POSTGRESQL) {
            SharedPostgres.dropDatabase(url);
        }
    }

    /** An SQLite file migrated as the hub migrates it, made on first use. */
    private static final class MigratedSqlite {

        static final Path TEMPLATE = create();

        private static Path create() {
            try {
                Path dir = Files.createTempDirectory("hubkeep-sqlite-template-");
                Path file = dir.resolve("hubkeep.db");
                // Closing the last connection checkpoints the write-ahead log into the file: the file alone is the database.
                Database.open("jdbc:sqlite:" + file, Optional.empty(), Optional.empty()).close();
                file.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not make the migrated SQLite template", e);
            }
        }
    }
}
