package dev.hubkeep.server;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.PasswordHasher;
import dev.hubkeep.server.auth.LastUsedRecorder;
import dev.hubkeep.server.auth.PepperRing;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.auth.TokenVerifier;
import dev.hubkeep.server.git.RepoStorage;
import dev.hubkeep.server.limits.PlanService;
import dev.hubkeep.server.mail.Mailer;
import dev.hubkeep.server.mail.OutboxMailer;
import dev.hubkeep.server.mail.SmtpMailer;
import dev.hubkeep.server.orgs.OrgService;
import dev.hubkeep.server.orgs.Lifecycle;
import dev.hubkeep.server.orgs.OrgTokenReviews;
import dev.hubkeep.server.orgs.ServiceAccountService;
import dev.hubkeep.server.repos.GatedAccess;
import dev.hubkeep.server.trust.CommitSignatures;
import dev.hubkeep.server.trust.GpgKeyService;
import dev.hubkeep.server.trust.HubSigningKeys;
import dev.hubkeep.server.trust.SignatureVerifier;
import dev.hubkeep.server.repos.RepoFactsLoader;
import dev.hubkeep.server.repos.RepoLookup;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.store.Changes;
import dev.hubkeep.server.store.Database;
import java.time.Clock;
import java.util.function.Supplier;

/** The domain services over one database, as both the server and the operator commands use them. */
record Services(
        AccountService accounts,
        TokenService tokens,
        TokenVerifier verifier,
        LastUsedRecorder lastUsed,
        OrgService orgs,
        ServiceAccountService serviceAccounts,
        Lifecycle lifecycle,
        RepoFactsLoader facts,
        RepoService repos,
        GatedAccess gating,
        GpgKeyService gpgKeys,
        CommitSignatures signatures,
        SignatureVerifier signatureVerifier,
        HubSigningKeys hubKey,
        RepoStorage storage,
        Changes changes,
        PlanService plans) {

    static Services create(HubConfig config, Database database, Clock clock, Supplier<String> publicUrl) {
        Changes changes = new Changes();
        Mailer mailer = config.smtp()
                .<Mailer>map(settings -> new SmtpMailer(settings, clock))
                .orElseGet(() -> new OutboxMailer(config.outbox(), config.mailFrom(), clock));
        int cores = Runtime.getRuntime().availableProcessors();
        AccountService accounts = new AccountService(database, new PasswordHasher(cores, 4 * cores, config.passwordCost()),
                mailer, clock, publicUrl, changes);
        LastUsedRecorder lastUsed = new LastUsedRecorder(database, clock);
        TokenVerifier verifier = new TokenVerifier(database, PepperRing.loadOrCreate(config.tokenPepperFile()), lastUsed, clock,
                changes);
        TokenService tokens = new TokenService(database, verifier, accounts, mailer, clock, new OrgTokenReviews(clock), changes);
        OrgService orgs = new OrgService(database, accounts, tokens, clock, changes);
        ServiceAccountService serviceAccounts = new ServiceAccountService(database, orgs, accounts, tokens, clock, changes);
        Lifecycle lifecycle = new Lifecycle(database, orgs, serviceAccounts, accounts, tokens, clock, changes);
        GatedAccess gating = new GatedAccess(database, accounts, orgs, mailer, clock, publicUrl, changes);
        RepoLookup lookup = new RepoLookup(database, changes);
        RepoFactsLoader facts = new RepoFactsLoader(lookup, orgs, gating,
                userId -> accounts.findUser(userId).map(u -> u.isAdmin() && u.active() && !u.isService()).orElse(false));
        RepoStorage storage = new RepoStorage(config.dataDir().resolve("repos"), changes);
        HubSigningKeys hubKey = HubSigningKeys.loadOrCreate(config.dataDir().resolve("secrets"), config.mailFrom(), clock);
        RepoService repos = new RepoService(database, storage, facts, lookup, clock, publicUrl, changes, hubKey::sign);
        GpgKeyService gpgKeys = new GpgKeyService(database, accounts, clock);
        SignatureVerifier signatureVerifier = new SignatureVerifier(database, accounts, hubKey);
        CommitSignatures signatures = new CommitSignatures(database, signatureVerifier, storage, accounts, clock);
        PlanService plans = new PlanService(database, config.ratePlans(), accounts, orgs, changes);
        return new Services(accounts, tokens, verifier, lastUsed, orgs, serviceAccounts, lifecycle, facts, repos, gating, gpgKeys, signatures,
                signatureVerifier, hubKey,
                storage, changes, plans);
    }
}
