package dev.hubkeep.server.web;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.auth.AuditEvent;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.http.SessionCookie;
import dev.hubkeep.server.trust.GpgKey;
import dev.hubkeep.server.trust.GpgKeyService;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account's own settings: Profile (full name, password), OpenPGP keys for signed commits, and
 * the audit log. Through {@link AccountService}, {@link GpgKeyService} and {@link TokenService}, as
 * the API's do, after the routes' own-account guards.
 */
public final class SettingsPages {

    /** Audit events per page. */
    static final int AUDIT_PAGE = 100;
    /** The largest armored key the form takes. */
    static final int MAX_KEY_CHARS = 64 * 1024;
    private static final Map<String, String> NOTICES = Map.of(
            "profile", "Your profile is saved.",
            "password", "Your password is changed; every other browser signed in as you was signed out.",
            "key-added", "The key is added.",
            "key-deleted", "The key is deleted.");

    public record ProfileView(Frame page, String username, String email, boolean verified, String fullname,
            Optional<String> error, Optional<String> notice) {}

    public record KeyLine(String id, String fingerprint, String keyId, String emails, String added, String expires) {}

    public record KeysView(Frame page, List<KeyLine> keys, String armored, Optional<String> error, Optional<String> notice) {}

    public record AuditView(Frame page, List<OrgPages.EventLine> events, Optional<String> older) {}

    private final Pages pages;
    private final AccountService accounts;
    private final GpgKeyService keys;
    private final TokenService tokens;

    public SettingsPages(Pages pages, AccountService accounts, GpgKeyService keys, TokenService tokens) {
        this.pages = pages;
        this.accounts = accounts;
        this.keys = keys;
        this.tokens = tokens;
    }

    /** {@code GET /settings/profile}. */
    public void profile(Context ctx) {
        profilePage(ctx, 200, Optional.empty(), Optional.empty(), notice(ctx));
    }

    /** {@code POST /settings/profile}: the full name. */
    public void saveProfile(Context ctx) {
        String fullname = Forms.text(ctx, "fullname");
        try {
            accounts.updateProfile(Requests.user(ctx), fullname, Requests.clientAddress(ctx));
            Pages.seeOther(ctx, "/settings/profile?done=profile");
        } catch (InvalidInputException e) {
            profilePage(ctx, Failures.status(e), Optional.of(fullname), Optional.of(e.getMessage()), Optional.empty());
        }
    }

    /** {@code POST /settings/password}: signed in in a browser, with the current password. */
    public void changePassword(Context ctx) {
        Principal.Authenticated user = Requests.user(ctx);
        Optional<String> session = SessionCookie.read(ctx).filter(s -> user.credential() instanceof Principal.WebSession);
        try {
            if (session.isEmpty()) {
                throw new ForbiddenException("Change your password signed in, in a browser: not with an access token.");
            }
            String next = Forms.raw(ctx, "password");
            if (!next.equals(Forms.raw(ctx, "confirm"))) {
                throw new InvalidInputException("The new password and its confirmation differ: type it twice the same.");
            }
            accounts.changePassword(user, Forms.raw(ctx, "current"), next, session.get(), Requests.clientAddress(ctx));
            Pages.seeOther(ctx, "/settings/profile?done=password");
        } catch (InvalidInputException | ForbiddenException | RateLimitedException e) {
            if (e instanceof RateLimitedException limited) {
                ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
            }
            profilePage(ctx, Failures.status(e), Optional.empty(), Optional.of(e.getMessage()), Optional.empty());
        }
    }

    /** {@code GET /settings/gpg-keys}. */
    public void gpgKeys(Context ctx) {
        keysPage(ctx, 200, "", Optional.empty(), notice(ctx));
    }

    /** {@code POST /settings/gpg-keys}: adds an armored public key. */
    public void addGpgKey(Context ctx) {
        String armored = Forms.raw(ctx, "key").strip();
        try {
            if (armored.isEmpty() || armored.length() > MAX_KEY_CHARS) {
                throw new InvalidInputException("Paste your public key, as gpg --armor --export prints it (at most 64 KB).");
            }
            keys.add(Requests.user(ctx).userId(), armored);
            Pages.seeOther(ctx, "/settings/gpg-keys?done=key-added");
        } catch (InvalidInputException | ConflictException | ForbiddenException e) {
            keysPage(ctx, Failures.status(e), armored.length() > MAX_KEY_CHARS ? "" : armored, Optional.of(e.getMessage()),
                    Optional.empty());
        }
    }

    /** {@code POST /settings/gpg-keys/{id}/delete}. */
    public void deleteGpgKey(Context ctx) {
        keys.delete(Requests.user(ctx).userId(), ctx.pathParam("id"));
        Pages.seeOther(ctx, "/settings/gpg-keys?done=key-deleted");
    }

    /** {@code GET /settings/audit-log?before=…}: what happened to the account's credentials, newest first. */
    public void auditLog(Context ctx) {
        List<AuditEvent> found = tokens.auditLog(Requests.user(ctx).userId(), Optional.ofNullable(ctx.queryParam("before")),
                AUDIT_PAGE + 1);
        List<AuditEvent> shown = found.subList(0, Math.min(found.size(), AUDIT_PAGE));
        Optional<String> older = found.size() > AUDIT_PAGE
                ? Optional.of("/settings/audit-log?before=" + Urls.segment(shown.getLast().id()))
                : Optional.empty();
        pages.render(ctx, "audit-log.jte", new AuditView(pages.frame(ctx, "Audit log"), OrgPages.eventLines(shown), older));
    }

    private void profilePage(Context ctx, int status, Optional<String> fullname, Optional<String> error,
            Optional<String> notice) {
        User user = accounts.findUser(Requests.user(ctx).userId()).orElseThrow();
        pages.render(ctx, status, "settings-profile.jte", new ProfileView(pages.frame(ctx, "Profile"), user.username(),
                user.email(), user.emailVerified(), fullname.orElse(user.fullname()), error, notice));
    }

    private void keysPage(Context ctx, int status, String armored, Optional<String> error, Optional<String> notice) {
        List<KeyLine> lines = keys.list(Requests.user(ctx).userId()).stream().map(SettingsPages::line).toList();
        pages.render(ctx, status, "gpg-keys.jte", new KeysView(pages.frame(ctx, "OpenPGP keys"), lines, armored, error, notice));
    }

    private static KeyLine line(GpgKey key) {
        return new KeyLine(key.id(), key.fingerprint(), key.keyId(), String.join(", ", key.emails()),
                When.format(key.addedAt()), When.format(key.expiresAt(), "never"));
    }

    private static Optional<String> notice(Context ctx) {
        return Optional.ofNullable(NOTICES.get(Optional.ofNullable(ctx.queryParam("done")).orElse("")));
    }
}
