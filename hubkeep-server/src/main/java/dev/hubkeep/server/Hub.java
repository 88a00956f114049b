package dev.hubkeep.server;

import dev.hubkeep.server.accounts.AccountHandlers;
import dev.hubkeep.server.accounts.AvatarHandler;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.auth.Authenticator;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenHandlers;
import dev.hubkeep.server.auth.WhoamiHandler;
import dev.hubkeep.server.auth.PepperRing;
import dev.hubkeep.server.files.CommitService;
import dev.hubkeep.server.files.DownloadHandler;
import dev.hubkeep.server.files.HistoryHandlers;
import dev.hubkeep.server.files.RefService;
import dev.hubkeep.server.files.RepoContents;
import dev.hubkeep.server.files.RepoFiles;
import dev.hubkeep.server.files.TreeHandlers;
import dev.hubkeep.server.files.UploadHandlers;
import dev.hubkeep.server.files.WholeFiles;
import dev.hubkeep.server.git.GitHttp;
import dev.hubkeep.server.inference.EngineClient;
import dev.hubkeep.server.inference.InferenceHandlers;
import dev.hubkeep.server.inference.InferenceService;
import dev.hubkeep.server.inference.ModelFiles;
import dev.hubkeep.server.git.LfsContent;
import dev.hubkeep.server.git.LfsLinks;
import dev.hubkeep.server.git.LfsObjects;
import dev.hubkeep.server.git.LfsStore;
import dev.hubkeep.server.git.PushPolicy;
import dev.hubkeep.server.git.ReceiveHooks;
import dev.hubkeep.server.git.RepoMaintenance;
import dev.hubkeep.server.git.XetTransfer;
import dev.hubkeep.server.http.ForwardedFor;
import dev.hubkeep.server.http.HealthHandlers;
import dev.hubkeep.server.http.HttpServer;
import dev.hubkeep.server.http.RateLimits;
import dev.hubkeep.server.limits.DatabaseWindows;
import dev.hubkeep.server.limits.FixedWindows;
import dev.hubkeep.server.limits.PlanService;
import dev.hubkeep.server.limits.RateLimitStore;
import dev.hubkeep.server.limits.RateLimiter;
import dev.hubkeep.server.limits.UsageHandlers;
import dev.hubkeep.server.limits.UsageService;
import dev.hubkeep.server.limits.WindowCounts;
import dev.hubkeep.server.http.RequestLog;
import dev.hubkeep.server.http.Route;
import dev.hubkeep.server.http.ScrapeSecret;
import dev.hubkeep.server.orgs.LifecycleHandlers;
import dev.hubkeep.server.orgs.OrgHandlers;
import dev.hubkeep.server.orgs.ServiceAccountHandlers;
import dev.hubkeep.server.orgs.ServiceAccountService;
import dev.hubkeep.server.repos.GatingHandlers;
import dev.hubkeep.server.trust.GpgKeyHandlers;
import dev.hubkeep.server.trust.RequiredSignatures;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoHandlers;
import dev.hubkeep.server.repos.CustodianHandlers;
import dev.hubkeep.server.repos.RepoType;
import dev.hubkeep.server.scan.ScanHandlers;
import dev.hubkeep.server.scan.Scanning;
import dev.hubkeep.server.store.ChangeBroadcast;
import dev.hubkeep.server.store.ChangeLog;
import dev.hubkeep.server.store.Database;
import dev.hubkeep.server.store.Dialect;
import dev.hubkeep.server.xet.CasHandlers;
import dev.hubkeep.server.xet.CasService;
import dev.hubkeep.server.xet.ChunkCodec;
import dev.hubkeep.server.xet.XorbLinks;
import dev.hubkeep.server.xet.XorbStore;
import dev.hubkeep.server.xet.XetAuthority;
import dev.hubkeep.server.xet.XetCasGate;
import dev.hubkeep.server.xet.XetTokenHandlers;
import dev.hubkeep.server.xet.XetTokens;
import dev.hubkeep.server.web.AccountPages;
import dev.hubkeep.server.web.Assets;
import dev.hubkeep.server.web.GatedPages;
import dev.hubkeep.server.web.OrgPages;
import dev.hubkeep.server.web.OrgTokenPages;
import dev.hubkeep.server.web.AdminPages;
import dev.hubkeep.server.web.LifecyclePages;
import dev.hubkeep.server.web.PublisherPages;
import dev.hubkeep.server.web.RepoSettingsPages;
import dev.hubkeep.server.web.SettingsPages;
import dev.hubkeep.server.web.DevicePages;
import dev.hubkeep.server.web.EditorPages;
import dev.hubkeep.server.web.FormFiles;
import dev.hubkeep.server.oauth.DeviceFlow;
import dev.hubkeep.server.oauth.OAuthHandlers;
import dev.hubkeep.server.oauth.PublisherHandlers;
import dev.hubkeep.server.oauth.ServiceAccounts;
import dev.hubkeep.server.oauth.TokenExchange;
import dev.hubkeep.server.oauth.TrustedPublishers;
import dev.hubkeep.server.oidc.HttpKeyFetcher;
import dev.hubkeep.server.oidc.IdTokenVerifier;
import dev.hubkeep.server.oidc.IssuerKeys;
import dev.hubkeep.server.oidc.IssuerPolicy;
import dev.hubkeep.server.web.Pages;
import dev.hubkeep.server.web.RepoPages;
import dev.hubkeep.server.web.TokenPages;
import dev.hubkeep.server.web.UsagePages;
import dev.hubkeep.server.xet.XetScope;
import dev.hubkeep.server.xet.XetUrls;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A running hub: the wiring of database, services and HTTP server, by explicit constructors. */
public final class Hub implements AutoCloseable {

    /** How often token "last used" notes are written. */
    private static final long FLUSH_SECONDS = 2;
    /** How often the counters of ended rate-limit windows are deleted (database store). */
    private static final long PRUNE_MINUTES = 1;

    private final HubConfig config;
    private final Database database;
    private final Services services;
    private final HttpServer http;
    private final List<Route> routes;
    private final RepoMaintenance maintenance;
    private final Scanning scanning;
    private final EngineClient engineClient = new EngineClient();
    /** On PostgreSQL, what keeps this node's caches in step with other nodes on the same database. */
    private final Optional<ChangeBroadcast> broadcast;
    /** On SQLite, what brings operator commands' changes (another process) to this server's caches. */
    private final Optional<ChangeLog> changeLog;
    /** The rate-limit counters in the database, when {@code rate-limit-store = database}: pruned in the background. */
    private final Optional<DatabaseWindows> sharedWindows;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "hubkeep-background");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String publicUrl;

    private Hub(HubConfig config, Database database, Clock clock) {
        this.config = config;
        this.database = database;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        database.bindMetrics(registry);

        this.services = Services.create(config, database, clock, this::publicUrl);
        this.broadcast = database.dialect() == Dialect.POSTGRESQL
                ? Optional.of(new ChangeBroadcast(database, services.changes()))
                : Optional.empty(); // SQLite: one node, every change is announced in this process
        this.changeLog = database.dialect() == Dialect.SQLITE
                ? Optional.of(new ChangeLog(database, services.changes()))
                : Optional.empty(); // PostgreSQL: operator commands NOTIFY like any node
        this.sharedWindows = config.rateLimitStore() == RateLimitStore.DATABASE
                ? Optional.of(new DatabaseWindows(database, clock))
                : Optional.empty();
        WindowCounts windows = sharedWindows.<WindowCounts>map(w -> w).orElseGet(() -> new FixedWindows(clock));
        RateLimiter rateLimiter = new RateLimiter(services.plans(), windows, registry);
        UsageService usage = new UsageService(rateLimiter, services.plans(), services.orgs());
        Authenticator authenticator = new Authenticator(
                secret -> services.accounts().liveSession(secret).map(live ->
                        new Principal.Authenticated(live.user().id(), live.user().username(),
                                new Principal.WebSession(Optional.of(live.sessionId())), live.user().emailVerified())),
                services.verifier(),
                clock);
        this.maintenance = new RepoMaintenance(services.storage());
        HubConfig.Limits limits = config.limits();
        LfsStore lfsStore = new LfsStore(config.dataDir().resolve("lfs"), limits.lfsMaxObjectSize());
        CasService cas = new CasService(database, new XorbStore(config.dataDir().resolve("xet").resolve("xorbs")),
                new ChunkCodec(), limits.xetVerifyAllowance(), clock);
        this.scanning = Scanning.create(config.scan(), database, services.storage(), lfsStore, cas, config.dataDir(),
                services.facts(),
                (values, repoId, commit, path) -> services.tokens().revokeExposed(values,
                        services.repos().findById(repoId).map(Hub::displayName).orElse(repoId), commit, path),
                clock);
        ReceiveHooks hooks = new ReceiveHooks(
                List.of(ReceiveHooks::keepMainBranch, PushPolicy::refNames, PushPolicy::refTargets,
                        new RequiredSignatures(services.repos()::signedCommitsRequiredBy, services.signatureVerifier())::check),
                List.of(push -> services.repos().touch(push.repoId()), maintenance::afterPush, services.signatures()::landed,
                        scanning.pipeline()::landed),
                new PushPolicy(limits.gitMaxObjectSize(), limits.gitMaxPackSize(), limits.gitPushesPerUser()));
        LfsObjects lfsObjects = new LfsObjects(database, clock, scanning.pipeline()::uploaded);
        PepperRing xetKey = PepperRing.loadOrCreate(config.dataDir().resolve("secrets").resolve("xet-signing-key"));
        Assets assets = new Assets();
        DeviceFlow deviceFlow = new DeviceFlow(database, services.tokens(), clock);
        IssuerPolicy issuers = new IssuerPolicy(config.publishing().issuers());
        ServiceAccounts serviceAccounts = ServiceAccounts.of(services.serviceAccounts());
        TrustedPublishers publishers = services.publishers();
        TokenExchange tokenExchange = new TokenExchange(database,
                new IdTokenVerifier(new IssuerKeys(new HttpKeyFetcher(!config.publishing().issuers().isEmpty()), clock), clock), services.tokens(), services.accounts(),
                serviceAccounts, issuers, this::publicUrl, clock);
        Pages pages = new Pages(PepperRing.loadOrCreate(config.dataDir().resolve("secrets").resolve("csrf-key")), assets,
                new FormFiles(lfsStore.temporaryFolder(), Math.min(FormFiles.MAX_UPLOAD_BYTES, limits.lfsMaxObjectSize())),
                services.facts()::instanceAdmin);
        XetAuthority xetAuthority = new XetAuthority(new XetTokens(xetKey, XetTokens.DEFAULT_VALIDITY, clock),
                services.tokens(), services.accounts(), services.repos(), services.facts());
        XetUrls xetUrls = new XetUrls(this::publicUrl, config.xet());
        LfsContent lfsContent = new LfsContent(lfsStore, lfsObjects, cas);
        CommitService commits = new CommitService(services.storage(), lfsContent, hooks, services.hubKey(), clock);
        XetTransfer xetTransfer = (principal, type, namespace, name, branch) -> {
            if (!xetUrls.enabled()) {
                return Optional.empty();
            }
            RepoType repoType = RepoType.fromSingular(type);
            XetTokens.Signed token = xetAuthority.issue(principal, repoType, namespace, name, XetScope.WRITE);
            return Optional.of(new XetTransfer.Offer(
                    xetUrls.tokenUrl(XetScope.WRITE, repoType, namespace, name, branch.replaceFirst("^refs/heads/", "")),
                    XetTokenHandlers.headers(token, xetUrls)));
        };
        RepoContents repoContents = new RepoContents(services.storage());
        this.routes = Routes.table(new Routes.Handlers(
                        new HealthHandlers(database::isReachable, () -> isWritable(config.dataDir()), registry),
                        new AccountHandlers(services.accounts(), this::publicUrl),
                        new WhoamiHandler(services.accounts(), this::publicUrl, userId -> services.orgs()
                                .membershipsOf(userId).stream()
                                .map(m -> new WhoamiHandler.OrgView("org", m.orgId(), m.name(), m.fullname(),
                                        publicUrl() + "/avatars/" + m.name() + ".svg", m.role().wireName()))
                                .toList()),
                        new AvatarHandler(),
                        new TokenHandlers(services.tokens()),
                        new OrgHandlers(services.orgs()),
                        new ServiceAccountHandlers(services.serviceAccounts()),
                        new LifecycleHandlers(services.lifecycle()),
                        new CustodianHandlers(services.custodian()),
                        new RepoHandlers(services.repos(), repoContents, scanning.service()::repoStatus),
                        new DownloadHandler(new RepoFiles(services.storage()), lfsContent, xetUrls, scanning.service()),
                        new TreeHandlers(services.storage(), this::publicUrl, lfsContent, xetUrls.enabled(), scanning.service()),
                        new UploadHandlers(services.repos(), services.storage(), commits),
                        new HistoryHandlers(services.storage(),
                                new RefService(services.storage(), hooks, services.hubKey(), clock), services.signatures(), this::publicUrl,
                                email -> services.accounts().findByVerifiedEmail(email).map(User::username)),
                        new GatingHandlers(services.gating()),
                        new GpgKeyHandlers(services.gpgKeys(), services.hubKey()),
                        new XetTokenHandlers(xetAuthority, xetUrls),
                        new CasHandlers(cas,
                                new XorbLinks(xetKey, XetTokens.DEFAULT_VALIDITY, clock), this::publicUrl, registry),
                        assets,
                        new AccountPages(pages, services.accounts(), services.repos(), services.orgs(), this::publicUrl),
                        new TokenPages(pages, services.tokens(), services.orgs(), deviceFlow, clock),
                        new RepoPages(pages, services.repos(), services.storage(), services.signatures(), services.facts(),
                                scanning.service()),
                        new OrgPages(pages, services.orgs(), services.accounts(), services.repos(), services.facts()),
                        new OrgTokenPages(pages, services.serviceAccounts(), clock),
                        new PublisherPages(pages, publishers, services.orgs(), services.serviceAccounts(), this::publicUrl),
                        new LifecyclePages(pages, services.lifecycle(), services.orgs()),
                        new AdminPages(pages, services.accounts(), services.lifecycle(), services.custodian()),
                        new RepoSettingsPages(pages, services.repos(), services.orgs(), services.facts()),
                        new GatedPages(pages, services.repos(), services.gating(), services.facts()),
                        new SettingsPages(pages, services.accounts(), services.gpgKeys(), services.tokens()),
                        new OAuthHandlers(deviceFlow, tokenExchange, this::publicUrl),
                        new PublisherHandlers(publishers, services.orgs(), this::publicUrl),
                        new DevicePages(pages, deviceFlow),
                        new EditorPages(pages, services.storage(), commits, new WholeFiles(lfsStore, lfsObjects), services.facts()),
                        new ScanHandlers(services.repos(), scanning.service()),
                        new InferenceHandlers(new InferenceService(config.inference(), engineClient, services.facts(),
                                services.repos(), services.storage(), new ModelFiles(services.storage(), repoContents::cardData),
                                database, clock)),
                        new UsageHandlers(usage),
                        new UsagePages(pages, usage)));
        RequestLog requestLog = new RequestLog(registry);
        GitHttp git = new GitHttp(authenticator, services.facts()::context, requestLog,
                services.storage(),
                hooks,
                lfsStore,
                lfsObjects,
                lfsContent,
                xetTransfer,
                new LfsLinks(PepperRing.loadOrCreate(config.dataDir().resolve("secrets").resolve("lfs-signing-key")),
                        limits.lfsDownloadLinkLifetime(), clock),
                this::publicUrl,
                clock,
                scanning.service()::lfsRefusals);
        ScrapeSecret scrapeSecret = ScrapeSecret.loadOrCreate(config.dataDir().resolve("secrets").resolve("metrics-token"));
        ForwardedFor forwardedFor = new ForwardedFor(config.trustedProxies());
        this.http = new HttpServer(routes, authenticator, services.facts(), services.facts()::context, scrapeSecret,
                new XetCasGate(xetAuthority), requestLog,
                List.of(forwardedFor::mount, git::mount), pages,
                new RateLimits(rateLimiter));
    }

    /** Opens the data directory and database (migrating it), then starts serving. */
    public static Hub start(HubConfig config, Clock clock) {
        Database database = openDatabase(config);
        Hub hub;
        try {
            hub = new Hub(config, database, clock);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        try {
            hub.broadcast.ifPresent(ChangeBroadcast::start); // before the first request: no cache fills unheard
            hub.changeLog.ifPresent(ChangeLog::start);
            hub.http.start(config.host(), config.port());
            hub.publicUrl = config.publicUrl().orElseGet(() -> "http://" + displayHost(config.host()) + ":" + hub.port());
            hub.scanning.pipeline().start();
            hub.background.scheduleWithFixedDelay(
                    hub.services.lastUsed()::flush, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
            hub.sharedWindows.ifPresent(windows -> hub.background.scheduleWithFixedDelay(
                    () -> pruneQuietly(windows), PRUNE_MINUTES, PRUNE_MINUTES, TimeUnit.MINUTES));
            return hub;
        } catch (RuntimeException e) {
            hub.close(); // the background workers too, not only the database: an embedding program goes on running
            throw e;
        }
    }

    private static void pruneQuietly(DatabaseWindows windows) {
        try {
            windows.prune();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Hub.class).warn("Could not delete ended rate-limit windows", e);
        }
    }

    static Database openDatabase(HubConfig config) {
        createDirectories(config.dataDir());
        return Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
    }

    /** The route table this hub serves (for the route-level permission test). */
    public List<Route> routes() {
        return routes;
    }

    public int port() {
        return http.port();
    }

    /** Where users reach this hub; links in mail start with it. */
    public String publicUrl() {
        return publicUrl != null ? publicUrl : config.publicUrl().orElse(defaultPublicUrl(config));
    }

    static String defaultPublicUrl(HubConfig config) {
        return "http://" + displayHost(config.host()) + ":" + config.port();
    }

    /** Writes what the background flusher would write next (token "last used" notes) now. */
    public void flushPendingWrites() {
        services.lastUsed().flush();
    }

    /** Stops taking requests, lets those in flight finish, writes pending notes, closes the database. */
    @Override
    public void close() {
        try {
            http.close();
            broadcast.ifPresent(ChangeBroadcast::close);
            changeLog.ifPresent(ChangeLog::close);
            background.shutdownNow();
            maintenance.close();
            scanning.close();
            engineClient.close();
            services.signatures().close();
            services.storage().close();
            services.lastUsed().flush();
        } finally {
            gcMetrics.close();
            database.close();
        }
    }

    /** How a repository is named in mail and audit events: {@code ns/name} for a model, else {@code datasets/ns/name}. */
    private static String displayName(Repo repo) {
        return (repo.type() == RepoType.MODEL ? "" : repo.type().plural() + "/") + repo.fullName();
    }

    /** The rate-limit plans of accounts and organizations (what {@code admin plan set} changes). */
    public PlanService plans() {
        return services.plans();
    }

    /** Accounts (for tests and embedding programs: what {@code admin user create} does). */
    public dev.hubkeep.server.accounts.AccountService accounts() {
        return services.accounts();
    }

    /** Service accounts and the organization tokens they hold. */
    public ServiceAccountService serviceAccounts() {
        return services.serviceAccounts();
    }

    /** Files waiting for a scan, for tests that wait on the pipeline. */
    public long scanBacklog() {
        return scanning.pipeline().backlog();
    }

    private static String displayHost(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "localhost" : host;
    }

    /**
     * The data directory holds the database, every repository and the secrets: it is made (or kept)
     * readable by the hub's own user only, which covers everything created inside it whatever the
     * umask.
     */
    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
            if (Files.getFileStore(dir).supportsFileAttributeView("posix")
                    && !Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dir, e);
        }
    }

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");

    private static boolean isWritable(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".ready", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
