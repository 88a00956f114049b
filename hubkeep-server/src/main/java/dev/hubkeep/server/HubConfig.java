package dev.hubkeep.server;

import dev.hubkeep.server.accounts.PasswordHasher;
import dev.hubkeep.server.auth.CidrRange;
import dev.hubkeep.server.inference.Engines;
import dev.hubkeep.server.limits.Plans;
import dev.hubkeep.server.limits.RateLimitStore;
import dev.hubkeep.server.mail.SmtpMailer;
import dev.hubkeep.server.scan.ScanSettings;
import dev.hubkeep.server.store.Dialect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a hub needs to start, resolved from flags, {@code HUBKEEP_*} environment variables
 * and the config file (in that order of precedence) by {@link ConfigLoader}.
 *
 * @param trustedProxies peers whose {@code X-Forwarded-For} names the client; from anyone else it is ignored
 * @param limits how much one request or push may ask of the hub
 * @param xet whether Xet storage is served (token endpoints, the CAS, Xet headers on downloads, the
 *     LFS batch API's {@code xet} transfer): on by default, as the Hub's clients upload through it
 * @param passwordCost the Argon2id cost of new password hashes: {@link PasswordHasher.Cost#PRODUCTION}
 *     unless a test lowers it (no setting reaches it: an operator has no reason to weaken it)
 * @param scan the scanning pipeline's settings: clamd, known-bad hashes, who may download infected files
 * @param ratePlans the rate-limit plans and their quotas (docs/limits.md)
 * @param publishing which OIDC issuers trusted publishers may name, and how long their tokens live
 * @param inference the engines the inference gateway forwards to, by model, pipeline tag or default (docs/inference.md)
 * @param rateLimitStore where rate-limit counters live: this process, or the database every node shares (docs/limits.md)
 */
public record HubConfig(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        Optional<String> databaseUser,
        Optional<String> databasePassword,
        Optional<String> publicUrl,
        Optional<SmtpMailer.Settings> smtp,
        String mailFrom,
        Path tokenPepperFile,
        List<CidrRange> trustedProxies,
        Limits limits,
        PasswordHasher.Cost passwordCost,
        boolean xet,
        ScanSettings scan,
        Plans ratePlans,
        Publishing publishing,
        Engines inference,
        RateLimitStore rateLimitStore) {

    public HubConfig {
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** A configuration with the default {@link Publishing}, no inference engine and counters in memory. */
    public HubConfig(String host, int port, Path dataDir, String databaseUrl, Optional<String> databaseUser,
            Optional<String> databasePassword, Optional<String> publicUrl, Optional<SmtpMailer.Settings> smtp,
            String mailFrom, Path tokenPepperFile, List<CidrRange> trustedProxies, Limits limits,
            PasswordHasher.Cost passwordCost, boolean xet, ScanSettings scan, Plans ratePlans) {
        this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp, mailFrom, tokenPepperFile,
                trustedProxies, limits, passwordCost, xet, scan, ratePlans, Publishing.DEFAULTS, Engines.NONE,
                RateLimitStore.MEMORY);
    }

    /**
     * Trusted publishers (docs/trusted-publishers.md).
     *
     * @param issuers the OIDC issuers publishers may name; empty: any {@code https://} issuer
     * @param maxLifetime the longest a publisher's tokens may live (at most an hour)
     */
    public record Publishing(List<String> issuers, Duration maxLifetime) {

        public static final Duration LONGEST = Duration.ofHours(1);
        public static final Publishing DEFAULTS = new Publishing(List.of(), LONGEST);

        public Publishing {
            issuers = List.copyOf(issuers);
            if (maxLifetime.compareTo(Duration.ofMinutes(5)) < 0 || maxLifetime.compareTo(LONGEST) > 0) {
                throw new IllegalArgumentException("a trusted publisher's tokens live 5 minutes to an hour");
            }
        }
    }

    /**
     * How much one request or push may ask of the hub, and how long what it hands out lasts
     * (docs/configuration.md). Sizes in bytes.
     *
     * @param gitMaxObjectSize the largest object (file, tree, commit) a git push may carry,
     *     inflated: files above it belong in LFS (the Hub's own limit is near 10 MB)
     * @param gitMaxPackSize the largest pack one git push may send
     * @param gitPushesPerUser how many pushes of one user may be received at once
     * @param lfsMaxObjectSize the largest LFS object an upload may declare
     * @param lfsDownloadLinkLifetime how long an LFS download link works once handed out
     * @param xetVerifyAllowance how many bytes of files built from chunks stored before one uploader may
     *     have the Xet CAS hash per five minutes to check their SHA-256s (beyond the bytes they uploaded)
     */
    public record Limits(long gitMaxObjectSize, long gitMaxPackSize, int gitPushesPerUser, long lfsMaxObjectSize,
            Duration lfsDownloadLinkLifetime, long xetVerifyAllowance) {

        public static final Limits DEFAULTS = new Limits(10L << 20, 2L << 30, 4, 50L << 30, Duration.ofMinutes(5), 16L << 30);

        public Limits {
            if (gitMaxObjectSize < 1 || gitMaxPackSize < 1 || gitPushesPerUser < 1 || lfsMaxObjectSize < 1
                    || lfsDownloadLinkLifetime.toSeconds() < 1 || xetVerifyAllowance < 0) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }

        public Limits withGitMaxObjectSize(long bytes) {
            return new Limits(bytes, gitMaxPackSize, gitPushesPerUser, lfsMaxObjectSize, lfsDownloadLinkLifetime, xetVerifyAllowance);
        }

        public Limits withGitMaxPackSize(long bytes) {
            return new Limits(gitMaxObjectSize, bytes, gitPushesPerUser, lfsMaxObjectSize, lfsDownloadLinkLifetime, xetVerifyAllowance);
        }

        public Limits withGitPushesPerUser(int pushes) {
            return new Limits(gitMaxObjectSize, gitMaxPackSize, pushes, lfsMaxObjectSize, lfsDownloadLinkLifetime, xetVerifyAllowance);
        }

        public Limits withLfsMaxObjectSize(long bytes) {
            return new Limits(gitMaxObjectSize, gitMaxPackSize, gitPushesPerUser, bytes, lfsDownloadLinkLifetime, xetVerifyAllowance);
        }

        public Limits withLfsDownloadLinkLifetime(Duration lifetime) {
            return new Limits(gitMaxObjectSize, gitMaxPackSize, gitPushesPerUser, lfsMaxObjectSize, lifetime, xetVerifyAllowance);
        }

        public Limits withXetVerifyAllowance(long bytes) {
            return new Limits(gitMaxObjectSize, gitMaxPackSize, gitPushesPerUser, lfsMaxObjectSize, lfsDownloadLinkLifetime, bytes);
        }
    }

    /** A configuration trusting no proxy, with the default {@link Limits}. */
    public HubConfig(String host, int port, Path dataDir, String databaseUrl, Optional<String> databaseUser,
            Optional<String> databasePassword, Optional<String> publicUrl, Optional<SmtpMailer.Settings> smtp,
            String mailFrom, Path tokenPepperFile) {
        this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp, mailFrom, tokenPepperFile,
                List.of(), Limits.DEFAULTS);
    }

    /** A configuration hashing passwords at the production cost. */
    public HubConfig(String host, int port, Path dataDir, String databaseUrl, Optional<String> databaseUser,
            Optional<String> databasePassword, Optional<String> publicUrl, Optional<SmtpMailer.Settings> smtp,
            String mailFrom, Path tokenPepperFile, List<CidrRange> trustedProxies, Limits limits) {
        this(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp, mailFrom, tokenPepperFile,
                trustedProxies, limits, PasswordHasher.Cost.PRODUCTION, true, ScanSettings.DEFAULTS, Plans.DEFAULTS);
    }

    public HubConfig withPublicUrl(String url) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, Optional.of(url), smtp,
                mailFrom, tokenPepperFile, trustedProxies, limits, passwordCost, xet, scan, ratePlans, publishing, inference, rateLimitStore);
    }

    public HubConfig withSmtp(SmtpMailer.Settings settings) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl,
                Optional.of(settings), mailFrom, tokenPepperFile, trustedProxies, limits, passwordCost, xet, scan, ratePlans, publishing, inference, rateLimitStore);
    }

    public HubConfig withTrustedProxies(List<CidrRange> proxies) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp,
                mailFrom, tokenPepperFile, proxies, limits, passwordCost, xet, scan, ratePlans, publishing, inference, rateLimitStore);
    }

    public HubConfig withLimits(Limits newLimits) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp,
                mailFrom, tokenPepperFile, trustedProxies, newLimits, passwordCost, xet, scan, ratePlans, publishing, inference, rateLimitStore);
    }

    public HubConfig withPasswordCost(PasswordHasher.Cost cost) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp,
                mailFrom, tokenPepperFile, trustedProxies, limits, cost, xet, scan, ratePlans, publishing, inference, rateLimitStore);
    }

    public HubConfig withXet(boolean enabled) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp,
                mailFrom, tokenPepperFile, trustedProxies, limits, passwordCost, enabled, scan, ratePlans, publishing, inference, rateLimitStore);
    }

    public HubConfig withScan(ScanSettings settings) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp,
                mailFrom, tokenPepperFile, trustedProxies, limits, passwordCost, xet, settings, ratePlans, publishing, inference, rateLimitStore);
    }

    public HubConfig withRatePlans(Plans plans) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp,
                mailFrom, tokenPepperFile, trustedProxies, limits, passwordCost, xet, scan, plans, publishing, inference, rateLimitStore);
    }

    public HubConfig withPublishing(Publishing settings) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp,
                mailFrom, tokenPepperFile, trustedProxies, limits, passwordCost, xet, scan, ratePlans, settings, inference, rateLimitStore);
    }

    public HubConfig withInference(Engines engines) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp,
                mailFrom, tokenPepperFile, trustedProxies, limits, passwordCost, xet, scan, ratePlans, publishing, engines, rateLimitStore);
    }

    public HubConfig withRateLimitStore(RateLimitStore store) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp,
                mailFrom, tokenPepperFile, trustedProxies, limits, passwordCost, xet, scan, ratePlans, publishing, inference, store);
    }

    public Path outbox() {
        return dataDir.resolve("outbox");
    }

    /** The database URL for logs: a URL may carry credentials in its query string. */
    public String databaseUrlForDisplay() {
        return Dialect.redact(databaseUrl);
    }
}
