package dev.hubkeep.server;

import dev.hubkeep.server.auth.CidrRange;
import dev.hubkeep.server.mail.SmtpMailer;
import dev.hubkeep.server.store.Dialect;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a hub needs to start, resolved from flags, {@code HUBKEEP_*} environment variables
 * and the config file (in that order of precedence) by {@link ConfigLoader}.
 *
 * @param trustedProxies peers whose {@code X-Forwarded-For} names the client; from anyone else it is ignored
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
        List<CidrRange> trustedProxies) {

    public HubConfig {
        trustedProxies = List.copyOf(trustedProxies);
    }

    public HubConfig withPublicUrl(String url) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, Optional.of(url), smtp,
                mailFrom, tokenPepperFile, trustedProxies);
    }

    public HubConfig withSmtp(SmtpMailer.Settings settings) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl,
                Optional.of(settings), mailFrom, tokenPepperFile, trustedProxies);
    }

    public HubConfig withTrustedProxies(List<CidrRange> proxies) {
        return new HubConfig(host, port, dataDir, databaseUrl, databaseUser, databasePassword, publicUrl, smtp,
                mailFrom, tokenPepperFile, proxies);
    }

    public Path outbox() {
        return dataDir.resolve("outbox");
    }

    /** The database URL for logs: a URL may carry credentials in its query string. */
    public String databaseUrlForDisplay() {
        return Dialect.redact(databaseUrl);
    }
}
