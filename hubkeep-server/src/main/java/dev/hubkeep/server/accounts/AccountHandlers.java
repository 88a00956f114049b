package dev.hubkeep.server.accounts;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.UnsupportedMediaTypeException;
import dev.hubkeep.server.http.JsonBody;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.http.SessionCookie;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

/** HTTP handlers for sign-up, email verification, sign-in and sign-out. */
public final class AccountHandlers {

    /** The account as its owner sees it. */
    record AccountView(
            String id, String username, String email, String fullname, boolean emailVerified, Instant createdAt) {
        static AccountView of(User user) {
            return new AccountView(
                    user.id(), user.username(), user.email(), user.fullname(), user.emailVerified(), user.createdAt());
        }
    }

    private final AccountService accounts;
    private final Supplier<String> publicUrl;

    public AccountHandlers(AccountService accounts, Supplier<String> publicUrl) {
        this.accounts = accounts;
        this.publicUrl = publicUrl;
    }

    public void signup(Context ctx) {
        JsonBody body = JsonBody.read(ctx);
        User user = accounts.signup(new SignupRequest(
                body.requiredString("username"),
                body.requiredString("email"),
                body.requiredString("password"),
                body.optionalString("fullname")), Requests.clientAddress(ctx));
        ctx.status(201).json(AccountView.of(user));
    }

    public void verifyEmail(Context ctx) {
        User user = accounts.verifyEmail(JsonBody.read(ctx).requiredString("token"));
        ctx.json(AccountView.of(user));
    }

    /** The page the verification mail links to: verifies on open and says what happened. */
    public void verifyEmailPage(Context ctx) {
        String token = ctx.queryParam("token");
        try {
            if (token == null || token.isBlank()) {
                throw new InvalidInputException("This verification link is incomplete. Check that it was copied whole.");
            }
            User user = accounts.verifyEmail(token);
            ctx.html(SimplePage.render("Email verified", "Thank you, " + user.username() + ": "
                    + user.email() + " is verified."));
        } catch (InvalidInputException e) {
            ctx.status(400).html(SimplePage.render("Verification failed", e.getMessage()));
        }
    }

    public void resendVerification(Context ctx) {
        accounts.resendVerification(Requests.user(ctx).userId());
        ctx.status(202).json(Map.of("message", "A new verification link is on its way."));
    }

    /**
     * Only a JSON body signs in: a browser sends a cross-site JSON post only after a CORS preflight,
     * which this hub never grants, so another site cannot sign a visitor in to an account of its
     * choosing (login CSRF) with a form or a {@code text/plain} post.
     */
    public void login(Context ctx) {
        if (!isJson(ctx.contentType())) {
            throw new UnsupportedMediaTypeException("Sign in with a JSON body: send Content-Type: application/json.");
        }
        JsonBody body = JsonBody.read(ctx);
        String login = body.optionalString("username")
                .or(() -> body.optionalString("email"))
                .orElseThrow(() -> new InvalidInputException("'username' is required."));
        // A session presented at sign-in is replaced, never reused: no fixation.
        SessionCookie.read(ctx).ifPresent(accounts::logout);
        SignedIn signedIn = accounts.login(login, body.requiredString("password"), Requests.clientAddress(ctx));
        SessionCookie.set(ctx, signedIn.cookieSecret(), AccountService.SESSION_LIFETIME, publicUrl.get());
        ctx.json(Map.of(
                "user", AccountView.of(signedIn.user()),
                "expiresAt", signedIn.session().expiresAt()));
    }

    private static boolean isJson(String contentType) {
        return contentType != null
                && contentType.split(";", 2)[0].strip().equalsIgnoreCase("application/json");
    }

    public void logout(Context ctx) {
        SessionCookie.read(ctx).ifPresent(accounts::logout);
        SessionCookie.clear(ctx, publicUrl.get());
        ctx.status(204);
    }
}
