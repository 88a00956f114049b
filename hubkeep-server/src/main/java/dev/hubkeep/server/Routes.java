package dev.hubkeep.server;

import static dev.hubkeep.server.access.Action.ACCOUNT_MANAGE;
import static dev.hubkeep.server.access.Action.ACCOUNT_READ;
import static dev.hubkeep.server.access.Action.GPG_KEYS_MANAGE;
import static dev.hubkeep.server.access.Action.INFERENCE;
import static dev.hubkeep.server.access.Action.ORG_ADMIN;
import static dev.hubkeep.server.access.Action.ORG_CREATE;
import static dev.hubkeep.server.access.Action.ORG_LEAVE;
import static dev.hubkeep.server.access.Action.USERS_ADMIN;
import static dev.hubkeep.server.access.Action.ORPHANED_REPOS_ADMIN;
import static dev.hubkeep.server.access.Action.REPO_ADMIN;
import static dev.hubkeep.server.access.Action.REPO_CREATE;
import static dev.hubkeep.server.access.Action.REPO_MANAGE;
import static dev.hubkeep.server.access.Action.REPO_READ;
import static dev.hubkeep.server.access.Action.REPO_REQUEST_ACCESS;
import static dev.hubkeep.server.access.Action.REPO_WRITE;
import static dev.hubkeep.server.access.Action.TOKENS_MANAGE;
import static dev.hubkeep.server.access.Action.TOKENS_READ;
import static dev.hubkeep.server.access.Action.TOKEN_RETIRE;
import static dev.hubkeep.server.http.Guard.ANYONE;
import static dev.hubkeep.server.http.Guard.SCRAPER;
import static dev.hubkeep.server.http.Guard.inService;
import static dev.hubkeep.server.http.Guard.instance;
import static dev.hubkeep.server.http.Guard.org;
import static dev.hubkeep.server.http.Guard.ownAccount;
import static dev.hubkeep.server.http.Guard.ownToken;
import static dev.hubkeep.server.http.Route.delete;
import static dev.hubkeep.server.http.Route.form;
import static dev.hubkeep.server.http.Route.page;
import static dev.hubkeep.server.http.Route.get;
import static dev.hubkeep.server.http.Route.head;
import static dev.hubkeep.server.http.Route.patch;
import static dev.hubkeep.server.http.Route.post;
import static dev.hubkeep.server.http.Route.put;
import static dev.hubkeep.server.http.Route.upload;

import dev.hubkeep.server.accounts.AccountHandlers;
import dev.hubkeep.server.accounts.AvatarHandler;
import dev.hubkeep.server.auth.TokenHandlers;
import dev.hubkeep.server.auth.WhoamiHandler;
import dev.hubkeep.server.http.HealthHandlers;
import dev.hubkeep.server.http.Guard;
import dev.hubkeep.server.http.Route;
import dev.hubkeep.server.files.DownloadHandler;
import dev.hubkeep.server.files.HistoryHandlers;
import dev.hubkeep.server.files.TreeHandlers;
import dev.hubkeep.server.files.UploadHandlers;
import dev.hubkeep.server.orgs.LifecycleHandlers;
import dev.hubkeep.server.inference.InferenceHandlers;
import dev.hubkeep.server.limits.UsageHandlers;
import dev.hubkeep.server.orgs.OrgHandlers;
import dev.hubkeep.server.orgs.ServiceAccountHandlers;
import dev.hubkeep.server.repos.GatingHandlers;
import dev.hubkeep.server.repos.RepoHandlers;
import dev.hubkeep.server.repos.CustodianHandlers;
import dev.hubkeep.server.repos.RepoType;
import dev.hubkeep.server.scan.ScanHandlers;
import dev.hubkeep.server.trust.GpgKeyHandlers;
import dev.hubkeep.server.xet.CasHandlers;
import dev.hubkeep.server.xet.XetScope;
import dev.hubkeep.server.xet.XetTokenHandlers;
import dev.hubkeep.server.web.AccountPages;
import dev.hubkeep.server.web.RepoPages;
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
import dev.hubkeep.server.oauth.OAuthHandlers;
import dev.hubkeep.server.oauth.PublisherHandlers;
import dev.hubkeep.server.web.TokenPages;
import dev.hubkeep.server.web.UsagePages;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * The route table: every path the hub serves, with the guard it demands. Nothing is routed
 * elsewhere, and the route-level permission test walks this list.
 */
final class Routes {

    private static final String CAS = XetTokenHandlers.CAS_PATH;

    private Routes() {}

    record Handlers(
            HealthHandlers health,
            AccountHandlers accounts,
            WhoamiHandler whoami,
            AvatarHandler avatars,
            TokenHandlers tokens,
            OrgHandlers orgs,
            ServiceAccountHandlers serviceAccounts,
            LifecycleHandlers lifecycle,
            CustodianHandlers custodian,
            RepoHandlers repos,
            DownloadHandler downloads,
            TreeHandlers trees,
            UploadHandlers uploads,
            HistoryHandlers history,
            GatingHandlers gating,
            GpgKeyHandlers gpgKeys,
            XetTokenHandlers xetTokens,
            CasHandlers cas,
            Assets assets,
            AccountPages accountPages,
            TokenPages tokenPages,
            RepoPages repoPages,
            OrgPages orgPages,
            OrgTokenPages orgTokenPages,
            PublisherPages publisherPages,
            LifecyclePages lifecyclePages,
            AdminPages adminPages,
            RepoSettingsPages repoSettingsPages,
            GatedPages gatedPages,
            SettingsPages settingsPages,
            OAuthHandlers oauth,
            PublisherHandlers publishers,
            DevicePages devicePages,
            EditorPages editorPages,
            ScanHandlers scans,
            InferenceHandlers inference,
            UsageHandlers usage,
            UsagePages usagePages) {}

    static List<Route> table(Handlers h) {
        List<Route> routes = new ArrayList<>(List.of(
                get("/healthz", ANYONE, h.health()::healthz),
                get("/readyz", ANYONE, h.health()::readyz),
                get("/metrics", SCRAPER, h.health()::metrics),
                get("/avatars/{name}", ANYONE, h.avatars()::avatar),
                get("/api/agent-harnesses", ANYONE, h.health()::agentHarnesses),

                post("/api/signup", ANYONE, h.accounts()::signup),
                post("/api/verify-email", ANYONE, h.accounts()::verifyEmail),
                get("/verify-email", ANYONE, h.accounts()::verifyEmailPage),
                post("/api/verify-email/resend", ownAccount(ACCOUNT_MANAGE), h.accounts()::resendVerification),
                post("/api/login", ANYONE, h.accounts()::login),
                post("/api/logout", ANYONE, h.accounts()::logout),

                get("/api/whoami-v2", ownAccount(ACCOUNT_READ), h.whoami()::whoami),
                get("/api/settings/tokens", ownAccount(TOKENS_READ), h.tokens()::list),
                post("/api/settings/tokens", ownAccount(TOKENS_MANAGE), h.tokens()::create),
                get("/api/settings/tokens/{id}", ownToken(TOKENS_READ), h.tokens()::show),
                patch("/api/settings/tokens/{id}", ownToken(TOKENS_MANAGE), h.tokens()::update),
                delete("/api/settings/tokens/{id}", ownToken(TOKEN_RETIRE), h.tokens()::delete),
                post("/api/settings/tokens/{id}/refresh", ownToken(TOKEN_RETIRE), h.tokens()::refresh),
                get("/api/settings/audit-log", ownAccount(TOKENS_READ), h.tokens()::auditLog),
                get("/api/settings/usage", ownAccount(ACCOUNT_READ), h.usage()::own),
                post("/api/credentials/revoke", ANYONE, h.tokens()::revokeLeaked),
                // Trusted publishers (keyless CI): registering one lets a CI job get tokens, so it takes token management.
                get("/api/settings/trusted-publishers", ownAccount(TOKENS_READ), h.publishers()::listOwn),
                post("/api/settings/trusted-publishers", ownAccount(TOKENS_MANAGE), h.publishers()::createOwn),
                delete("/api/settings/trusted-publishers/{id}", ownAccount(TOKENS_MANAGE), h.publishers()::deleteOwn),
                get("/api/settings/gpg-keys", ownAccount(ACCOUNT_READ), h.gpgKeys()::list),
                get("/api/signing-key", ANYONE, h.gpgKeys()::hubKey),
                get("/api/signing-keys", ANYONE, h.gpgKeys()::hubKeys),
                post("/api/settings/gpg-keys", ownAccount(GPG_KEYS_MANAGE), h.gpgKeys()::add),
                delete("/api/settings/gpg-keys/{id}", ownAccount(GPG_KEYS_MANAGE), h.gpgKeys()::delete),

                post("/api/organizations/create", ownAccount(ORG_CREATE), h.orgs()::create),
                get("/api/organizations/{org}", ANYONE, h.orgs()::show),
                put("/api/organizations/{org}", org(ORG_ADMIN), h.orgs()::updateProfile),
                get("/api/organizations/{org}/members", ANYONE, h.orgs()::members),
                put("/api/organizations/{org}/members/{user}", org(ORG_ADMIN), h.orgs()::putMember),
                delete("/api/organizations/{org}/members/{user}", org(ORG_ADMIN), h.orgs()::removeMember),
                get("/api/organizations/{org}/settings/commit-policy", org(ORG_ADMIN), h.orgs()::commitPolicy),
                put("/api/organizations/{org}/settings/commit-policy", org(ORG_ADMIN), h.orgs()::setCommitPolicy),
                get("/api/organizations/{org}/settings/token-policy", org(ORG_ADMIN), h.orgs()::policy),
                put("/api/organizations/{org}/settings/token-policy", org(ORG_ADMIN), h.orgs()::setPolicy),
                get("/api/organizations/{org}/settings/tokens", org(ORG_ADMIN), h.orgs()::tokens),
                get("/api/organizations/{org}/settings/usage", org(ORG_ADMIN), h.usage()::org),
                post("/api/organizations/{org}/settings/tokens/revoke", org(ORG_ADMIN), h.orgs()::revokeToken),
                post("/api/organizations/{org}/settings/tokens/{id}/approve", org(ORG_ADMIN), h.orgs()::approveToken),
                post("/api/organizations/{org}/settings/tokens/{id}/deny", org(ORG_ADMIN), h.orgs()::denyToken),
                get("/api/organizations/{org}/audit-log", org(ORG_ADMIN), h.orgs()::auditLog),
                delete("/api/organizations/{org}", org(ORG_ADMIN), h.lifecycle()::deleteOrg),
                post("/api/organizations/{org}/leave", org(ORG_LEAVE), h.lifecycle()::leave),
                // Service accounts and organization tokens (docs/organizations.md).
                get("/api/organizations/{org}/service-accounts", org(ORG_ADMIN), h.serviceAccounts()::list),
                post("/api/organizations/{org}/service-accounts", org(ORG_ADMIN), h.serviceAccounts()::create),
                put("/api/organizations/{org}/service-accounts/{name}", org(ORG_ADMIN), h.serviceAccounts()::setRole),
                delete("/api/organizations/{org}/service-accounts/{name}", org(ORG_ADMIN), h.serviceAccounts()::delete),
                get("/api/organizations/{org}/settings/access-tokens", org(ORG_ADMIN), h.serviceAccounts()::tokens),
                post("/api/organizations/{org}/settings/access-tokens", org(ORG_ADMIN), h.serviceAccounts()::createToken),
                delete("/api/organizations/{org}/settings/access-tokens/{id}", org(ORG_ADMIN),
                        h.serviceAccounts()::revokeToken),
                // The hub's administrators: account lifecycle (docs/operations.md).
                post("/api/admin/users/{user}/deactivate", instance(USERS_ADMIN), h.lifecycle()::deactivate),
                post("/api/admin/users/{user}/reactivate", instance(USERS_ADMIN), h.lifecycle()::reactivate),
                delete("/api/admin/users/{user}", instance(USERS_ADMIN), h.lifecycle()::deleteUser),
                // What deleted accounts left: only their repositories, which nobody else may move or delete.
                get("/api/admin/users/{user}/repos", instance(ORPHANED_REPOS_ADMIN), h.custodian()::leftBy),
                post("/api/admin/repos/move", instance(ORPHANED_REPOS_ADMIN), h.custodian()::move),
                delete("/api/admin/repos/delete", instance(ORPHANED_REPOS_ADMIN), h.custodian()::delete),
                get("/api/organizations/{org}/settings/trusted-publishers", org(ORG_ADMIN), h.publishers()::listOrg),
                post("/api/organizations/{org}/settings/trusted-publishers", org(ORG_ADMIN), h.publishers()::createOrg),
                delete("/api/organizations/{org}/settings/trusted-publishers/{id}", org(ORG_ADMIN), h.publishers()::deleteOrg),

                post("/api/repos/create", inService(REPO_CREATE), h.repos()::create),
                delete("/api/repos/delete", inService(REPO_ADMIN), h.repos()::delete),
                post("/api/repos/move", inService(REPO_MANAGE), h.repos()::move),
                post("/api/validate-yaml", ANYONE, h.uploads()::validateYaml),

                // The inference gateway (docs/inference.md), counted in the inference bucket. The OpenAI-compatible
                // router names the model in the body: the service decides INFERENCE on it. Before every page route:
                // /v1/models is not model "v1/models" (v1, models and hf-inference are reserved names).
                post("/v1/chat/completions", inService(INFERENCE), h.inference()::chatCompletions),
                post("/v1/completions", inService(INFERENCE), h.inference()::completions),
                post("/v1/embeddings", inService(INFERENCE), h.inference()::embeddings),
                get("/v1/models", ownAccount(INFERENCE), h.inference()::models),
                post("/models/{ns}/{name}", Guard.repo(INFERENCE, "model"), h.inference()::task),
                post("/models/{ns}/{name}/v1/chat/completions", Guard.repo(INFERENCE, "model"),
                        h.inference()::modelChatCompletions),
                post("/hf-inference/models/{ns}/{name}", Guard.repo(INFERENCE, "model"), h.inference()::task),
                post("/hf-inference/models/{ns}/{name}/v1/chat/completions", Guard.repo(INFERENCE, "model"),
                        h.inference()::modelChatCompletions),

                // Browser login for the Hub's CLI (RFC 8628), and keyless CI's token exchange (RFC 8693) at the same
                // token endpoint: the clients' two endpoints, OAuth's error shape.
                post("/oauth/device", ANYONE, h.oauth()::device),
                post("/oauth/token", ANYONE, h.oauth()::token),

                // The Xet CAS: Xet tokens only, admitted before account authentication.
                post(CAS + "/v1/xorbs/default/{hash}", Guard.xetCas(XetScope.WRITE), h.cas()::uploadXorb),
                post(CAS + "/v1/shards", Guard.xetCas(XetScope.WRITE), h.cas()::uploadShard),
                post(CAS + "/v2/shards", Guard.xetCas(XetScope.WRITE), h.cas()::uploadShardV2),
                get(CAS + "/v1/chunks/default/{hash}", Guard.xetCas(XetScope.READ), h.cas()::chunk),
                get(CAS + "/v1/chunks/default-merkledb/{hash}", Guard.xetCas(XetScope.READ), h.cas()::chunk),
                get(CAS + "/v1/reconstructions/{fileHash}", Guard.xetCas(XetScope.READ), h.cas()::reconstruction),
                get(CAS + "/v2/reconstructions/{fileHash}", Guard.xetCas(XetScope.READ), h.cas()::reconstructionV2),
                get(CAS + "/v1/xorb-ranges/{hash}", Guard.SIGNED_LINK, h.cas()::xorbRange),

                // Web pages (docs/web.md): the same guards and services as the API; forms carry a CSRF token.
                get("/static/{file}", ANYONE, h.assets()::serve),
                page("/", ANYONE, h.accountPages()::home),
                page("/login", ANYONE, h.accountPages()::loginForm),
                form("/login", ANYONE, h.accountPages()::login),
                page("/logout", ANYONE, h.accountPages()::logoutForm),
                form("/logout", ANYONE, h.accountPages()::logout),
                page("/join", ANYONE, h.accountPages()::joinForm),
                form("/join", ANYONE, h.accountPages()::join),
                form("/verify-email/resend", ownAccount(ACCOUNT_MANAGE), h.accountPages()::resendVerification),
                page("/settings/tokens", ownAccount(TOKENS_READ), h.tokenPages()::list),
                page("/settings/tokens/new", ownAccount(TOKENS_MANAGE), h.tokenPages()::newForm),
                form("/settings/tokens/new", ownAccount(TOKENS_MANAGE), h.tokenPages()::create),
                page("/settings/tokens/{id}", ownToken(TOKENS_READ), h.tokenPages()::show),
                form("/settings/tokens/{id}/rename", ownToken(TOKENS_MANAGE), h.tokenPages()::rename),
                form("/settings/tokens/{id}/refresh", ownToken(TOKEN_RETIRE), h.tokenPages()::refresh),
                page("/settings/tokens/{id}/delete", ownToken(TOKEN_RETIRE), h.tokenPages()::deleteForm),
                form("/settings/tokens/{id}/delete", ownToken(TOKEN_RETIRE), h.tokenPages()::delete),
                page("/settings/profile", ownAccount(ACCOUNT_READ), h.settingsPages()::profile),
                form("/settings/profile", ownAccount(ACCOUNT_MANAGE), h.settingsPages()::saveProfile),
                form("/settings/password", ownAccount(ACCOUNT_MANAGE), h.settingsPages()::changePassword),
                page("/settings/gpg-keys", ownAccount(ACCOUNT_READ), h.settingsPages()::gpgKeys),
                form("/settings/gpg-keys", ownAccount(GPG_KEYS_MANAGE), h.settingsPages()::addGpgKey),
                form("/settings/gpg-keys/{id}/delete", ownAccount(GPG_KEYS_MANAGE), h.settingsPages()::deleteGpgKey),
                page("/settings/audit-log", ownAccount(TOKENS_READ), h.settingsPages()::auditLog),
                page("/settings/trusted-publishers", ownAccount(TOKENS_READ), h.publisherPages()::listOwn),
                form("/settings/trusted-publishers", ownAccount(TOKENS_MANAGE), h.publisherPages()::createOwn),
                page("/settings/trusted-publishers/{id}/delete", ownAccount(TOKENS_MANAGE), h.publisherPages()::deleteOwnForm),
                form("/settings/trusted-publishers/{id}/delete", ownAccount(TOKENS_MANAGE), h.publisherPages()::deleteOwn),
                page("/settings/usage", ownAccount(ACCOUNT_READ), h.usagePages()::own),
                page(OAuthHandlers.VERIFICATION_PATH, ownAccount(TOKENS_MANAGE), h.devicePages()::show),
                form("/oauth/device/approve", ownAccount(TOKENS_MANAGE), h.devicePages()::approve),
                form("/oauth/device/deny", ownAccount(TOKENS_MANAGE), h.devicePages()::deny),
                page("/organizations/new", ownAccount(ORG_CREATE), h.orgPages()::newForm),
                form("/organizations/new", ownAccount(ORG_CREATE), h.orgPages()::create),
                page("/organizations/{org}/settings/members", org(ORG_ADMIN), h.orgPages()::members),
                form("/organizations/{org}/settings/members", org(ORG_ADMIN), h.orgPages()::putMember),
                form("/organizations/{org}/settings/members/{user}/remove", org(ORG_ADMIN), h.orgPages()::removeMember),
                page("/organizations/{org}/settings/tokens", org(ORG_ADMIN), h.orgPages()::tokens),
                form("/organizations/{org}/settings/token-policy", org(ORG_ADMIN), h.orgPages()::setPolicy),
                form("/organizations/{org}/settings/tokens/{id}/approve", org(ORG_ADMIN), h.orgPages()::approve),
                form("/organizations/{org}/settings/tokens/{id}/deny", org(ORG_ADMIN), h.orgPages()::deny),
                page("/organizations/{org}/settings/audit-log", org(ORG_ADMIN), h.orgPages()::auditLog),
                page("/organizations/{org}/settings/usage", org(ORG_ADMIN), h.usagePages()::org),
                page("/organizations/{org}/settings/access-tokens", org(ORG_ADMIN), h.orgTokenPages()::list),
                form("/organizations/{org}/settings/access-tokens", org(ORG_ADMIN), h.orgTokenPages()::create),
                form("/organizations/{org}/settings/access-tokens/{id}/revoke", org(ORG_ADMIN), h.orgTokenPages()::revoke),
                form("/organizations/{org}/settings/service-accounts", org(ORG_ADMIN), h.orgTokenPages()::createAccount),
                form("/organizations/{org}/settings/service-accounts/{name}/delete", org(ORG_ADMIN),
                        h.orgTokenPages()::deleteAccount),
                page("/organizations/{org}/settings/trusted-publishers", org(ORG_ADMIN), h.publisherPages()::listOrg),
                form("/organizations/{org}/settings/trusted-publishers", org(ORG_ADMIN), h.publisherPages()::createOrg),
                page("/organizations/{org}/settings/trusted-publishers/{id}/delete", org(ORG_ADMIN),
                        h.publisherPages()::deleteOrgForm),
                form("/organizations/{org}/settings/trusted-publishers/{id}/delete", org(ORG_ADMIN),
                        h.publisherPages()::deleteOrg),
                page("/organizations/{org}/settings/delete", org(ORG_ADMIN), h.lifecyclePages()::deleteForm),
                form("/organizations/{org}/settings/delete", org(ORG_ADMIN), h.lifecyclePages()::delete),
                page("/organizations/{org}/leave", org(ORG_LEAVE), h.lifecyclePages()::leaveForm),
                form("/organizations/{org}/leave", org(ORG_LEAVE), h.lifecyclePages()::leave),
                // The hub's administrators (docs/web.md): accounts, and the repositories deleted ones left.
                page("/admin/users", instance(USERS_ADMIN), h.adminPages()::users),
                page("/admin/users/{user}", instance(USERS_ADMIN), h.adminPages()::user),
                form("/admin/users/{user}/deactivate", instance(USERS_ADMIN), h.adminPages()::deactivate),
                form("/admin/users/{user}/reactivate", instance(USERS_ADMIN), h.adminPages()::reactivate),
                form("/admin/users/{user}/delete", instance(USERS_ADMIN), h.adminPages()::delete),
                form("/admin/users/{user}/repos/move", instance(ORPHANED_REPOS_ADMIN), h.adminPages()::moveRepo),
                form("/admin/users/{user}/repos/delete", instance(ORPHANED_REPOS_ADMIN), h.adminPages()::deleteRepo),
                // The namespace is picked in the form: the service decides REPO_CREATE on it.
                page("/new", inService(REPO_CREATE), h.repoSettingsPages()::newForm),
                form("/new", inService(REPO_CREATE), h.repoSettingsPages()::create)));
        // Datasets and spaces before models: the router takes the first pattern that matches, and
        // /datasets/a/resolve/resolve/main/f (dataset a/resolve) also matches the model route
        // /{ns}/{name}/resolve/{rev}/<path> as model "datasets/a", a namespace nobody can have.
        for (RepoType type : List.of(RepoType.DATASET, RepoType.SPACE, RepoType.MODEL)) {
            String api = "/api/" + type.plural();
            String repo = api + "/{ns}/{name}";
            Guard read = Guard.repo(REPO_READ, type.singular());
            Guard write = Guard.repo(REPO_WRITE, type.singular());
            Guard asking = Guard.repo(REPO_REQUEST_ACCESS, type.singular());
            routes.addAll(List.of(
                    get(api, ANYONE, h.repos().list(type)),
                    get(repo, Guard.repo(REPO_READ, type.singular()), h.repos().info(type)),
                    get(repo + "/revision/{rev}", Guard.repo(REPO_READ, type.singular()), h.repos().info(type)),
                    put(repo + "/settings", Guard.repo(REPO_MANAGE, type.singular()), h.repos().settings(type)),
                    post(repo + "/scan", Guard.repo(REPO_ADMIN, type.singular()), h.scans().rescan(type)),
                    get(repo + "/auth-check", Guard.repo(REPO_READ, type.singular()), h.repos()::authCheck),
                    get(repo + "/auth-check/write", Guard.repo(REPO_WRITE, type.singular()), h.repos()::authCheck),
                    get(repo + "/tree/{rev}", read, h.trees().tree(type)),
                    get(repo + "/tree/{rev}/<path>", read, h.trees().tree(type)),
                    post(repo + "/paths-info/{rev}", read, h.trees().pathsInfo(type)),
                    post(repo + "/preupload/{rev}", write, h.uploads().preupload(type)),
                    post(repo + "/commit/{rev}", write, h.uploads().commit(type)),
                    get(repo + "/commits/{rev}", read, h.history().commits(type)),
                    get(repo + "/refs", read, h.history().refs(type)),
                    post(repo + "/branch/{branch}", write, h.history().createBranch(type)),
                    delete(repo + "/branch/{branch}", write, h.history().deleteBranch(type)),
                    post(repo + "/tag/{rev}", write, h.history().createTag(type)),
                    delete(repo + "/tag/{tag}", write, h.history().deleteTag(type)),
                    get(repo + "/user-access-request/{status}", write, h.gating().list(type)),
                    post(repo + "/user-access-request/handle", write, h.gating().handle(type)),
                    post(repo + "/user-access-request/grant", write, h.gating().grant(type)),
                    post(repo + "/user-access-request/cancel", asking, h.gating().cancel(type)),
                    get(repo + "/xet-read-token/{rev}", read, h.xetTokens().token(type, XetScope.READ)),
                    get(repo + "/xet-write-token/{rev}", write, h.xetTokens().token(type, XetScope.WRITE))));
            // The web paths of files, as the Hub's clients build them: /{ns}/{name}/resolve/… for models.
            String web = (type == RepoType.MODEL ? "" : "/" + type.plural()) + "/{ns}/{name}";
            for (String kind : List.of("resolve", "raw")) {
                Handler download = kind.equals("resolve") ? h.downloads().resolve(type) : h.downloads().raw(type);
                routes.add(get(web + "/" + kind + "/{rev}/<path>", read, download));
                routes.add(head(web + "/" + kind + "/{rev}/<path>", read, download));
            }
            routes.add(post(web + "/ask-access", asking, h.gating().ask(type)));
        }
        // A repository's pages. /{ns}/{name} of models comes last, after every fixed path above;
        // datasets and spaces before models, so that /datasets/a/b/… never reads as model "datasets/a".
        for (RepoType type : List.of(RepoType.DATASET, RepoType.SPACE, RepoType.MODEL)) {
            String web = "/" + type.urlPrefix() + "{ns}/{name}";
            Guard read = Guard.repo(REPO_READ, type.singular());
            Guard write = Guard.repo(REPO_WRITE, type.singular());
            Guard manage = Guard.repo(REPO_MANAGE, type.singular());
            Guard asking = Guard.repo(REPO_REQUEST_ACCESS, type.singular());
            routes.addAll(List.of(
                    page(web + "/settings", manage, h.repoSettingsPages().settings(type)),
                    form(web + "/settings", manage, h.repoSettingsPages().save(type)),
                    form(web + "/delete", Guard.repo(REPO_ADMIN, type.singular()), h.repoSettingsPages().delete(type)),
                    page(web + "/access-request", asking, h.gatedPages().askForm(type)),
                    form(web + "/access-request", asking, h.gatedPages().ask(type)),
                    form(web + "/access-request/cancel", asking, h.gatedPages().cancel(type)),
                    page(web + "/access-requests", write, h.gatedPages().list(type)),
                    form(web + "/access-requests/handle", write, h.gatedPages().handle(type)),
                    form(web + "/access-requests/grant", write, h.gatedPages().grant(type)),
                    // The browser editor: each post one commit, as the API's (a form with files or long text: multipart).
                    page(web + "/edit/{rev}/<path>", write, h.editorPages().editForm(type)),
                    upload(web + "/edit/{rev}/<path>", write, h.editorPages().edit(type)),
                    page(web + "/upload/{rev}", write, h.editorPages().uploadForm(type)),
                    page(web + "/upload/{rev}/<path>", write, h.editorPages().uploadForm(type)),
                    upload(web + "/upload/{rev}", write, h.editorPages().upload(type)),
                    upload(web + "/upload/{rev}/<path>", write, h.editorPages().upload(type)),
                    page(web + "/delete/{rev}/<path>", write, h.editorPages().deleteForm(type)),
                    form(web + "/delete/{rev}/<path>", write, h.editorPages().delete(type)),
                    page(web + "/tree/{rev}", read, h.repoPages().tree(type)),
                    page(web + "/tree/{rev}/<path>", read, h.repoPages().tree(type)),
                    page(web + "/blob/{rev}/<path>", read, h.repoPages().blob(type)),
                    page(web + "/commits/{rev}", read, h.repoPages().commits(type)),
                    page(web + "/commit/{sha}", read, h.repoPages().commit(type)),
                    page(web, read, h.repoPages().card(type))));
        }
        // A user's or organization's page: one segment, after every fixed one-segment path above.
        routes.add(page("/{org}", ANYONE, h.orgPages()::profile));
        return List.copyOf(routes);
    }
}
