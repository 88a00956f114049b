package dev.hubkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubkeep.server.accounts.PasswordHasher;
import dev.hubkeep.server.auth.CidrRange;
import dev.hubkeep.server.limits.Plan;
import dev.hubkeep.server.limits.RateLimitStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void load_nothingGiven_embeddedDefaults() {
        HubConfig config = ConfigLoader.load(Map.of(), Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.databaseUrl()).isEqualTo("jdbc:sqlite:" + config.dataDir().resolve("hubkeep.db"));
    }

    @Test
    void load_nothingGiven_passwordsHashedAtOwaspsArgon2idCost() {
        HubConfig config = ConfigLoader.load(Map.of(), Map.of());

        // Spelled out rather than PasswordHasher.Cost.PRODUCTION, so that lowering that constant fails here.
        assertThat(config.passwordCost()).isEqualTo(new PasswordHasher.Cost(19456, 2, 1));
    }

    @Test
    void load_nothingGiven_xetOn() {
        assertThat(ConfigLoader.load(Map.of(), Map.of()).xet()).isTrue();
    }

    @Test
    void load_nothingGiven_thePublicHubsFreeQuotas() {
        assertThat(ConfigLoader.load(Map.of(), Map.of()).ratePlans().free())
                .isEqualTo(Plan.limited("free", 1_000, 5_000, 200, 200));
    }

    @Test
    void load_nothingGiven_anyHttpsIssuerAndHourLongPublisherTokens() {
        HubConfig.Publishing publishing = ConfigLoader.load(Map.of(), Map.of()).publishing();

        assertThat(publishing.issuers()).isEmpty();
        assertThat(publishing.maxLifetime()).isEqualTo(java.time.Duration.ofHours(1));
    }

    @Test
    void load_trustedPublisherIssuers_listedInOrder() {
        HubConfig config = ConfigLoader.load(Map.of(), Map.of("HUBKEEP_TRUSTED_PUBLISHER_ISSUERS",
                "https://token.actions.githubusercontent.com, http://kubernetes.internal:6443"));

        assertThat(config.publishing().issuers())
                .containsExactly("https://token.actions.githubusercontent.com", "http://kubernetes.internal:6443");
    }

    @Test
    void load_trustedPublisherIssuerNotAUrl_saysTheShape() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("HUBKEEP_TRUSTED_PUBLISHER_ISSUERS", "gitlab.com")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("https://host");
    }

    @Test
    void load_trustedPublisherMaxLifetimeOverAnHour_refused() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("HUBKEEP_TRUSTED_PUBLISHER_MAX_LIFETIME", "2h")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("from 5m to 1h");
    }

    @Test
    void load_rateLimitPro_setsThatPlansQuotas() {
        HubConfig config = ConfigLoader.load(Map.of(), Map.of("HUBKEEP_RATE_LIMIT_PRO", "100 / 200 / 30"));

        assertThat(config.ratePlans().find("pro")).contains(Plan.limited("pro", 100, 200, 30, 1_000));
    }

    @Test
    void load_rateLimitWithFourCounts_setsTheInferenceQuota() {
        HubConfig config = ConfigLoader.load(Map.of(), Map.of("HUBKEEP_RATE_LIMIT_FREE", "1000/5000/200/7"));

        assertThat(config.ratePlans().free().inference()).isEqualTo(7);
    }

    @Test
    void load_inferenceEngines_mapsModelsWithTheTimeoutSetting() {
        HubConfig config = ConfigLoader.load(Map.of(), Map.of(
                "HUBKEEP_INFERENCE_ENGINES", "default http://127.0.0.1:8000/v1 model={model}@{revision}",
                "HUBKEEP_INFERENCE_TIMEOUT", "30s"));

        var engine = config.inference().fallback().orElseThrow();
        assertThat(engine.base().toString()).isEqualTo("http://127.0.0.1:8000/v1");
        assertThat(engine.timeout()).isEqualTo(java.time.Duration.ofSeconds(30));
    }

    @Test
    void load_inferenceEngineMalformed_namesTheSettingNotTheKey() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("HUBKEEP_INFERENCE_ENGINES", "default sk-1@host")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("inference-engines: ")
                .hasMessageNotContaining("sk-1");
    }

    @Test
    void load_rateLimitNotThreeCounts_saysTheForm() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("rate-limit-free", "1000"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("api/resolvers/pages[/inference], such as 1000/5000/200");
    }

    @Test
    void load_rateLimitStoreUnset_countsInMemory() {
        assertThat(ConfigLoader.load(Map.of(), Map.of()).rateLimitStore()).isEqualTo(RateLimitStore.MEMORY);
    }

    @Test
    void load_rateLimitStoreDatabase_countsInTheDatabase() {
        assertThat(ConfigLoader.load(Map.of(), Map.of("HUBKEEP_RATE_LIMIT_STORE", "database")).rateLimitStore())
                .isEqualTo(RateLimitStore.DATABASE);
    }

    @Test
    void load_rateLimitStoreUnknown_namesTheChoices() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("rate-limit-store", "redis"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rate-limit-store must be memory or database, not 'redis'");
    }

    @Test
    void load_xetFalse_xetOff() {
        assertThat(ConfigLoader.load(Map.of("xet", "false"), Map.of()).xet()).isFalse();
    }

    @Test
    void load_flagEnvAndFile_flagWins() throws IOException {
        Path file = write("port = 7000\n");

        HubConfig config = ConfigLoader.load(
                Map.of("port", "9000", "config", file.toString()), Map.of("HUBKEEP_PORT", "8000"));

        assertThat(config.port()).isEqualTo(9000);
    }

    @Test
    void load_envAndFile_envWins() throws IOException {
        Path file = write("port = 7000\n");

        HubConfig config = ConfigLoader.load(Map.of("config", file.toString()), Map.of("HUBKEEP_PORT", "8000"));

        assertThat(config.port()).isEqualTo(8000);
    }

    @Test
    void load_fileNamedByEnv_read() throws IOException {
        Path file = write("database-url = jdbc:postgresql://db/hub\n");

        HubConfig config = ConfigLoader.load(Map.of(), Map.of("HUBKEEP_CONFIG", file.toString()));

        assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://db/hub");
    }

    @Test
    void load_unknownKeyInFile_refusedNamingIt() throws IOException {
        Path file = write("prot = 7000\n");

        assertThatThrownBy(() -> ConfigLoader.load(Map.of("config", file.toString()), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Unknown setting(s)")
                .hasMessageContaining("prot");
    }

    @Test
    void load_nothingGiven_noClamdAndInfectedFilesOnlyForWriters() {
        HubConfig config = ConfigLoader.load(Map.of(), Map.of());

        assertThat(config.scan().clamd()).isEmpty();
        assertThat(config.scan().infectedDownloads()).isEqualTo(dev.hubkeep.server.scan.InfectedDownloads.WRITERS);
    }

    @Test
    void load_clamdFlag_clamdSet() {
        assertThat(ConfigLoader.load(Map.of("clamd", "unix:/run/clamav/clamd.ctl"), Map.of()).scan().clamd())
                .hasValue("unix:/run/clamav/clamd.ctl");
    }

    @Test
    void load_clamdWithoutPort_refusedSayingTheForms() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("clamd", "clamd.internal"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unix:/path/to/clamd.sock nor host:port");
    }

    @Test
    void load_unknownInfectedDownloadsPolicy_refusedNamingTheValues() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("scan-infected-downloads", "admins"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("writers, nobody or everyone");
    }

    @Test
    void load_knownBadListWithALineThatIsNoHash_refusedNamingTheLine() throws IOException {
        Path list = dir.resolve("bad.txt");
        Files.writeString(list, "# known bad\n" + "a".repeat(64) + "\nnot-a-hash\n");

        assertThatThrownBy(() -> ConfigLoader.load(Map.of("scan-known-bad", list.toString()), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 3");
    }

    @Test
    void load_portNotANumber_refused() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("port", "eighty"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port must be a port number");
    }

    @Test
    void load_smtpHostSet_smtpConfiguredWithStartTlsByDefault() {
        HubConfig config = ConfigLoader.load(Map.of(), Map.of("HUBKEEP_SMTP_HOST", "mail.example.com"));

        assertThat(config.smtp().orElseThrow().startTls()).isTrue();
    }

    @Test
    void load_trustedProxies_listOfAddressesAndNetworks() {
        HubConfig config = ConfigLoader.load(Map.of(), Map.of("HUBKEEP_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7 ::1"));

        assertThat(config.trustedProxies()).extracting(CidrRange::text)
                .containsExactly("10.0.0.0/8", "192.0.2.7/32", "0:0:0:0:0:0:0:1/128");
    }

    @Test
    void load_trustedProxyNotAnAddress_refusedNamingIt() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("trusted-proxies", "proxy.internal"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("trusted-proxies")
                .hasMessageContaining("proxy.internal");
    }

    @Test
    void databaseUrlForDisplay_queryWithPassword_hidden() {
        HubConfig config = ConfigLoader.load(Map.of("database-url", "jdbc:postgresql://db/hub?password=hunter2"), Map.of());

        assertThat(config.databaseUrlForDisplay()).doesNotContain("hunter2");
    }

    @Test
    void load_sizeWithUnit_readInBytes() {
        HubConfig config = ConfigLoader.load(Map.of(), Map.of("HUBKEEP_GIT_MAX_OBJECT_SIZE", "20MiB"));

        assertThat(config.limits().gitMaxObjectSize()).isEqualTo(20L * 1024 * 1024);
    }

    @Test
    void load_sizeNotASize_refusedWithAnExample() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("HUBKEEP_GIT_MAX_PACK_SIZE", "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("git-max-pack-size must be a positive size such as");
    }

    @Test
    void load_durationInMinutes_read() {
        HubConfig config = ConfigLoader.load(Map.of(), Map.of("HUBKEEP_LFS_DOWNLOAD_LINK_LIFETIME", "2m"));

        assertThat(config.limits().lfsDownloadLinkLifetime()).isEqualTo(java.time.Duration.ofMinutes(2));
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("hubkeep.conf");
        Files.writeString(file, text);
        return file;
    }
}
