package dev.hubkeep.server;

import static dev.hubkeep.server.http.Guard.ANYONE;
import static dev.hubkeep.server.http.Guard.SIGNED_IN;
import static dev.hubkeep.server.http.Route.get;
import static dev.hubkeep.server.http.Route.post;

import dev.hubkeep.server.accounts.AccountHandlers;
import dev.hubkeep.server.accounts.AvatarHandler;
import dev.hubkeep.server.accounts.WhoamiHandler;
import dev.hubkeep.server.http.HealthHandlers;
import dev.hubkeep.server.http.Route;
import java.util.List;

/** The route table: every path the hub serves, with the guard it demands. Nothing is routed elsewhere. */
final class Routes {

    private Routes() {}

    static List<Route> table(
            HealthHandlers health, AccountHandlers accounts, WhoamiHandler whoami, AvatarHandler avatars) {
        return List.of(
                get("/healthz", ANYONE, health::healthz),
                get("/readyz", ANYONE, health::readyz),
                get("/metrics", ANYONE, health::metrics),
                post("/api/signup", ANYONE, accounts::signup),
                post("/api/verify-email", ANYONE, accounts::verifyEmail),
                get("/verify-email", ANYONE, accounts::verifyEmailPage),
                post("/api/verify-email/resend", SIGNED_IN, accounts::resendVerification),
                post("/api/login", ANYONE, accounts::login),
                post("/api/logout", ANYONE, accounts::logout),
                get("/api/whoami-v2", SIGNED_IN, whoami::whoami),
                get("/avatars/{name}", ANYONE, avatars::avatar));
    }
}
