package dev.hubkeep.server;

import dev.hubkeep.server.accounts.PasswordHasher;
import dev.hubkeep.server.auth.CidrRange;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.inference.Engines;
import dev.hubkeep.server.limits.Plan;
import dev.hubkeep.server.limits.Plans;
import dev.hubkeep.server.limits.RateLimitStore;
import dev.hubkeep.server.mail.SmtpMailer;
import dev.hubkeep.server.scan.InfectedDownloads;
import dev.hubkeep.server.scan.ScanSettings;
import dev.hubkeep.server.scan.Scanning;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves each setting from, in order: the command-line flag, the environment variable
 * {@code HUBKEEP_<NAME>} (upper case, dashes as underscores), the config file ({@code name = value}
 * lines, named by {@code --config} or {@code HUBKEEP_CONFIG}), then the built-in default.
 */
public final class ConfigLoader {

    /** Every setting's name, as flag (with {@code --}), config file key and environment suffix. */
    static final Set<String> KEYS = Set.of(
            "host", "port", "data", "config", "database-url", "database-user", "database-password", "public-url",
            "smtp-host", "smtp-port", "smtp-username", "smtp-password", "smtp-starttls", "mail-from",
            "token-pepper-file", "trusted-proxies", "git-max-object-size", "git-max-pack-size", "git-pushes-per-user",
            "lfs-max-object-size", "lfs-download-link-lifetime", "xet", "xet-verify-allowance", "clamd", "clamd-timeout", "clamd-max-size",
            "scan-known-bad", "scan-infected-downloads", "scan-workers", "rate-limit-anonymous", "rate-limit-free",
            "rate-limit-pro", "rate-limit-team", "rate-limit-enterprise", "rate-limit-store", "trusted-publisher-issuers",
            "trusted-publisher-max-lifetime", "inference-engines", "inference-timeout");

    /** A plan's quotas: requests per five minutes for api, resolvers, pages and optionally inference, separated by slashes. */
    private static final Pattern QUOTAS =
            Pattern.compile("(\\d{1,12})\\s*/\\s*(\\d{1,12})\\s*/\\s*(\\d{1,12})(?:\\s*/\\s*(\\d{1,12}))?");

    /** A size: a whole number, then optionally K, M, G or T (powers of 1024), then optionally B or iB. */
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(|k|m|g|t)(?:i?b)?", Pattern.CASE_INSENSITIVE);

    /** A duration: a whole number, then s, m or h. */
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h)", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final Map<String, String> file;

    private ConfigLoader(Map<String, String> flags, Map<String, String> env, Map<String, String> file) {
        this.flags = flags;
        this.env = env;
        this.file = file;
    }

    /** Resolves the settings; a bad value or an unreadable config file is a {@link ConfigException}. */
    public static HubConfig load(Map<String, String> flags, Map<String, String> env) {
        ConfigLoader partial = new ConfigLoader(flags, env, Map.of());
        Map<String, String> file = partial.value("config").map(ConfigLoader::readFile).orElse(Map.of());
        return new ConfigLoader(flags, env, file).resolve();
    }

    private HubConfig resolve() {
        Path data = Path.of(value("data").orElse("hubkeep-data")).toAbsolutePath().normalize();
        String databaseUrl = value("database-url").orElse("jdbc:sqlite:" + data.resolve("hubkeep.db"));
        String mailFrom = value("mail-from").orElse("Hubkeep <hubkeep@localhost>");
        Optional<SmtpMailer.Settings> smtp = value("smtp-host").map(host -> new SmtpMailer.Settings(
                host,
                integer("smtp-port", 587),
                value("smtp-username"),
                value("smtp-password"),
                bool("smtp-starttls", true),
                mailFrom));
        return new HubConfig(
                value("host").orElse("127.0.0.1"),
                integer("port", 8080),
                data,
                databaseUrl,
                value("database-user"),
                value("database-password"),
                value("public-url").map(url -> url.replaceAll("/+$", "")),
                smtp,
                mailFrom,
                value("token-pepper-file").map(Path::of).orElse(data.resolve("secrets").resolve("token-pepper"))
                        .toAbsolutePath(),
                networks("trusted-proxies"),
                limits(),
                PasswordHasher.Cost.PRODUCTION,
                bool("xet", true),
                scan(),
                ratePlans(),
                publishing(),
                inference(),
                rateLimitStore());
    }

    /** Trusted publishers: the issuers they may name (URLs separated by commas or spaces), their tokens' longest life. */
    private HubConfig.Publishing publishing() {
        List<String> issuers = new ArrayList<>();
        for (String item : value("trusted-publisher-issuers").orElse("").split("[,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            dev.hubkeep.server.oidc.IssuerPolicy.shapeProblem(item).ifPresent(problem -> {
                throw new ConfigException("trusted-publisher-issuers: " + problem);
            });
            issuers.add(item);
        }
        Duration lifetime = duration("trusted-publisher-max-lifetime", HubConfig.Publishing.LONGEST);
        if (lifetime.compareTo(Duration.ofMinutes(5)) < 0 || lifetime.compareTo(HubConfig.Publishing.LONGEST) > 0) {
            throw new ConfigException("trusted-publisher-max-lifetime must be from 5m to 1h, not '"
                    + value("trusted-publisher-max-lifetime").orElse("") + "'.");
        }
        return new HubConfig.Publishing(issuers, lifetime);
    }

    /** The inference engines: {@code inference-engines} entries, each waiting {@code inference-timeout} unless it says. */
    private Engines inference() {
        Duration timeout = duration("inference-timeout", Engines.DEFAULT_TIMEOUT);
        try {
            return value("inference-engines").map(spec -> Engines.parse(spec, timeout)).orElse(Engines.NONE);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("inference-engines: " + e.getMessage() + ".");
        }
    }

    private ScanSettings scan() {
        ScanSettings defaults = ScanSettings.DEFAULTS;
        Optional<String> clamd = value("clamd");
        clamd.ifPresent(address -> {
            try {
                ScanSettings.DEFAULTS.withClamd(address);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("clamd: " + e.getMessage() + ".");
            }
        });
        Optional<Path> knownBad = value("scan-known-bad").map(Path::of).map(Path::toAbsolutePath);
        knownBad.ifPresent(file -> {
            try {
                Scanning.readKnownBad(file);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new ConfigException("scan-known-bad: " + e.getMessage());
            }
        });
        InfectedDownloads infected;
        try {
            infected = value("scan-infected-downloads").map(InfectedDownloads::fromWire).orElse(defaults.infectedDownloads());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("scan-infected-downloads " + e.getMessage() + ".");
        }
        return new ScanSettings(clamd, duration("clamd-timeout", defaults.clamdTimeout()),
                size("clamd-max-size", defaults.clamdMaxSize()), knownBad, infected, count("scan-workers", defaults.workers()));
    }

    /** Each plan's quotas, from {@code rate-limit-<plan>}; a plan not set keeps the public Hub's. */
    private Plans ratePlans() {
        Plans plans = Plans.DEFAULTS;
        for (String name : Plans.CONFIGURABLE) {
            String key = "rate-limit-" + name;
            Optional<String> raw = value(key);
            if (raw.isEmpty()) {
                continue;
            }
            Matcher m = QUOTAS.matcher(raw.get());
            if (!m.matches() || Long.parseLong(m.group(1)) == 0 || Long.parseLong(m.group(2)) == 0
                    || Long.parseLong(m.group(3)) == 0 || m.group(4) != null && Long.parseLong(m.group(4)) == 0) {
                throw new ConfigException(key + " must be three or four positive request counts per 5 minutes,"
                        + " api/resolvers/pages[/inference], such as 1000/5000/200 or 1000/5000/200/200, not '"
                        + raw.get() + "'.");
            }
            // Three counts leave the plan's inference quota as it was.
            long inference = m.group(4) != null ? Long.parseLong(m.group(4)) : plans.find(name).orElseThrow().inference();
            plans = plans.with(Plan.limited(name, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), inference));
        }
        return plans;
    }

    /** Where rate-limit counters live: {@code memory} (the default) or {@code database}. */
    private RateLimitStore rateLimitStore() {
        try {
            return value("rate-limit-store").map(RateLimitStore::fromWire).orElse(RateLimitStore.MEMORY);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("rate-limit-store " + e.getMessage() + ": memory counts in each server process,"
                    + " database shares one count among every server on the database.");
        }
    }

    /** A list of addresses or CIDR networks, separated by commas and/or spaces. */
    private List<CidrRange> networks(String key) {
        List<CidrRange> networks = new ArrayList<>();
        for (String item : value(key).orElse("").split("[,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            try {
                networks.add(CidrRange.parse(item));
            } catch (InvalidInputException e) {
                throw new ConfigException(key + ": '" + item + "' is not an IP address or network;"
                        + " write it like 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32.");
            }
        }
        return List.copyOf(networks);
    }

    private HubConfig.Limits limits() {
        HubConfig.Limits defaults = HubConfig.Limits.DEFAULTS;
        return new HubConfig.Limits(
                size("git-max-object-size", defaults.gitMaxObjectSize()),
                size("git-max-pack-size", defaults.gitMaxPackSize()),
                count("git-pushes-per-user", defaults.gitPushesPerUser()),
                size("lfs-max-object-size", defaults.lfsMaxObjectSize()),
                duration("lfs-download-link-lifetime", defaults.lfsDownloadLinkLifetime()),
                size("xet-verify-allowance", defaults.xetVerifyAllowance()));
    }

    /** A size in bytes: a whole number, optionally followed by K, M, G or T (powers of 1024; {@code MiB}, {@code MB} alike). */
    private long size(String key, long fallback) {
        Optional<String> raw = value(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(raw.get());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new ConfigException(key + " must be a positive size such as 10485760, 10MiB or 2GiB, not '" + raw.get() + "'.");
        }
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        long value = Long.parseLong(m.group(1));
        if (value > Long.MAX_VALUE >> shift) {
            throw new ConfigException(key + " is too large: '" + raw.get() + "'.");
        }
        return value << shift;
    }

    /** A duration: a whole number of seconds, minutes or hours ({@code 300s}, {@code 5m}, {@code 1h}). */
    private Duration duration(String key, Duration fallback) {
        Optional<String> raw = value(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(raw.get());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new ConfigException(key + " must be a positive duration such as 300s, 5m or 1h, not '" + raw.get() + "'.");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** A positive whole number. */
    private int count(String key, int fallback) {
        Optional<String> raw = value(key);
        try {
            int parsed = raw.map(Integer::parseInt).orElse(fallback);
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number of at least 1, not '" + raw.orElse("") + "'.");
        }
    }

    Optional<String> value(String key) {
        String envName = "HUBKEEP_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
        return Optional.ofNullable(flags.get(key))
                .or(() -> Optional.ofNullable(env.get(envName)))
                .or(() -> Optional.ofNullable(file.get(key)))
                .map(String::strip)
                .filter(v -> !v.isEmpty());
    }

    private int integer(String key, int fallback) {
        Optional<String> raw = value(key);
        try {
            int parsed = raw.map(Integer::parseInt).orElse(fallback);
            if (parsed < 0 || parsed > 65535) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a port number from 0 to 65535, not '" + raw.orElse("") + "'.");
        }
    }

    private boolean bool(String key, boolean fallback) {
        Optional<String> raw = value(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigException(key + " must be true or false, not '" + raw.get() + "'.");
        };
    }

    private static Map<String, String> readFile(String location) {
        Path path = Path.of(location);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read the config file " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (!KEYS.contains(key) || "config".equals(key)) {
                unknown.add(key);
            }
            values.put(key, properties.getProperty(key));
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown setting(s) in " + path + ": " + String.join(", ", unknown)
                    + ". Known: " + String.join(", ", new TreeSet<>(KEYS)) + ".");
        }
        return values;
    }
}
