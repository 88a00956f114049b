package dev.hubkeep.server;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags {@code serve} and every {@code admin} command share, so both find the same data. */
final class ServerOptions {

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./hubkeep-data).")
    String data;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file of 'name = value' lines.")
    String config;

    @Option(
            names = "--database-url",
            paramLabel = "JDBC_URL",
            description = "jdbc:sqlite:… (default: <data>/hubkeep.db) or jdbc:postgresql://…")
    String databaseUrl;

    @Option(names = "--database-user", paramLabel = "USER", description = "PostgreSQL user.")
    String databaseUser;

    @Option(names = "--public-url", paramLabel = "URL", description = "The URL users reach the hub at (for links in mail).")
    String publicUrl;

    @Option(names = "--token-pepper-file", paramLabel = "FILE", description = "Token pepper keys (default: <data>/secrets/token-pepper).")
    String tokenPepperFile;

    Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        putIfSet(flags, "data", data);
        putIfSet(flags, "config", config);
        putIfSet(flags, "database-url", databaseUrl);
        putIfSet(flags, "database-user", databaseUser);
        putIfSet(flags, "public-url", publicUrl);
        putIfSet(flags, "token-pepper-file", tokenPepperFile);
        return flags;
    }

    static void putIfSet(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }

    HubConfig load() {
        return load(Map.of());
    }

    HubConfig load(Map<String, String> extraFlags) {
        Map<String, String> all = new HashMap<>(flags());
        all.putAll(extraFlags);
        return ConfigLoader.load(all, System.getenv());
    }
}
