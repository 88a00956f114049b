package dev.hubkeep.server;

import static dev.hubkeep.server.access.Action.ACCOUNT_MANAGE;
import static dev.hubkeep.server.access.Action.ACCOUNT_READ;
import static dev.hubkeep.server.access.Action.TOKENS_MANAGE;
import static dev.hubkeep.server.access.Action.TOKENS_READ;
import static dev.hubkeep.server.access.Action.TOKEN_RETIRE;
import static dev.hubkeep.server.http.Guard.ANYONE;
import static dev.hubkeep.server.http.Guard.ownAccount;
import static dev.hubkeep.server.http.Guard.ownToken;
import static dev.hubkeep.server.http.Route.delete;
import static dev.hubkeep.server.http.Route.get;
import static dev.hubkeep.server.http.Route.patch;
import static dev.hubkeep.server.http.Route.post;

import dev.hubkeep.server.accounts.AccountHandlers;
import dev.hubkeep.server.accounts.AvatarHandler;
import dev.hubkeep.server.auth.TokenHandlers;
import dev.hubkeep.server.auth.WhoamiHandler;
import dev.hubkeep.server.http.HealthHandlers;
import dev.hubkeep.server.http.Route;
import java.util.List;

/**
 * The route table: every path the hub serves, with the guard it demands. Nothing is routed
 * elsewhere, and the route-level permission test walks this list.
 */
final class Routes {

    private Routes() {}

    record Handlers(
            HealthHandlers health,
            AccountHandlers accounts,
            WhoamiHandler whoami,
            AvatarHandler avatars,
            TokenHandlers tokens) {}

    static List<Route> table(Handlers h) {
        return List.of(
                get("/healthz", ANYONE, h.health()::healthz),
                get("/readyz", ANYONE, h.health()::readyz),
                get("/metrics", ANYONE, h.health()::metrics),
                get("/avatars/{name}", ANYONE, h.avatars()::avatar),

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
                post("/api/credentials/revoke", ANYONE, h.tokens()::revokeLeaked));
    }
}
