package dev.hubkeep.server.web;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.SignedIn;
import dev.hubkeep.server.accounts.SignupRequest;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.errors.UnauthenticatedException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.http.SessionCookie;
import dev.hubkeep.server.orgs.Membership;
import dev.hubkeep.server.orgs.OrgService;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.repos.RepoType;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Signing in and out, signing up, asking for a new verification link, and the start page. Sign-in
 * goes through the same {@link AccountService#login} as the API, with its throttling.
 */
public final class AccountPages {

    private static final Map<String, String> HOME_NOTICES = Map.of(
            "resent", "A new verification link is on its way.",
            "left", "You left the organization.",
            "org-deleted", "The organization is deleted.");

    /** The most repositories the start page lists per namespace and type. */
    static final int REPOS_PER_LIST = 100;
    /** The most organizations whose repositories the start page lists. */
    static final int ORGS_LISTED = 50;

    public record LoginView(Frame page, String next, String username, Optional<String> error) {}

    public record JoinView(Frame page, String username, String email, String fullname, Optional<String> error) {}

    public record JoinedView(Frame page, String email) {}

    public record LogoutView(Frame page) {}

    /** A repository as a line of a list. */
    public record RepoLine(String type, String fullName, String url, boolean isPrivate) {
        static RepoLine of(Repo repo) {
            return new RepoLine(repo.type().singular(), repo.fullName(), RepoPages.webPath(repo.type(), repo.fullName()),
                    repo.isPrivate());
        }
    }

    public record HomeView(Frame page, String fullname, List<RepoLine> repos, List<Membership> orgs, Optional<String> notice) {}

    private final Pages pages;
    private final AccountService accounts;
    private final RepoService repos;
    private final OrgService orgs;
    private final Supplier<String> publicUrl;

    public AccountPages(Pages pages, AccountService accounts, RepoService repos, OrgService orgs, Supplier<String> publicUrl) {
        this.pages = pages;
        this.accounts = accounts;
        this.repos = repos;
        this.orgs = orgs;
        this.publicUrl = publicUrl;
    }

    /** {@code GET /}: the signed-in user's repositories and organizations, or an invitation to sign in. */
    public void home(Context ctx) {
        Principal principal = Requests.principal(ctx);
        // Fixed texts only, picked by the redirect: a link cannot make the page say something of its author's.
        Optional<String> notice = Optional.ofNullable(HOME_NOTICES.get(Optional.ofNullable(ctx.queryParam("notice")).orElse("")));
        if (!(principal instanceof Principal.Authenticated user)) {
            pages.render(ctx, "home.jte", new HomeView(pages.frame(ctx, "Welcome"), "", List.of(), List.of(), notice));
            return;
        }
        List<Membership> memberships = orgs.membershipsOf(user.userId()).stream().limit(ORGS_LISTED).toList();
        List<String> namespaces = new ArrayList<>(List.of(user.username()));
        memberships.forEach(m -> namespaces.add(m.name()));
        List<RepoLine> lines = new ArrayList<>();
        for (String namespace : namespaces) {
            for (RepoType type : RepoType.values()) {
                repos.list(principal, type, Optional.of(namespace), Optional.empty(), REPOS_PER_LIST)
                        .forEach(repo -> lines.add(RepoLine.of(repo)));
            }
        }
        String fullname = accounts.findUser(user.userId()).map(dev.hubkeep.server.accounts.User::fullname).orElse("");
        pages.render(ctx, "home.jte", new HomeView(pages.frame(ctx, user.username()), fullname, lines, memberships, notice));
    }

    public void loginForm(Context ctx) {
        String next = NextPath.safe(ctx.queryParam("next"));
        if (Requests.principal(ctx) instanceof Principal.Authenticated) {
            Pages.seeOther(ctx, next);
            return;
        }
        pages.render(ctx, "login.jte", new LoginView(pages.frame(ctx, "Sign in"), next, "", Optional.empty()));
    }

    /** {@code POST /login}: the API's sign-in, then back to where the visitor was going. */
    public void login(Context ctx) {
        String next = NextPath.safe(ctx.formParam("next"));
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").strip();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        try {
            if (username.isEmpty() || password.isEmpty()) {
                throw new InvalidInputException("Enter your username (or email address) and your password.");
            }
            SignedIn signedIn = accounts.login(username, password, Requests.clientAddress(ctx));
            // A session presented at sign-in is replaced, never reused: no fixation.
            SessionCookie.read(ctx).ifPresent(accounts::logout);
            SessionCookie.set(ctx, signedIn.cookieSecret(), AccountService.SESSION_LIFETIME, publicUrl.get());
            Pages.seeOther(ctx, next);
        } catch (InvalidInputException | UnauthenticatedException | RateLimitedException e) {
            if (e instanceof RateLimitedException limited) {
                ctx.header("Retry-After", Long.toString(limited.retryAfterSeconds()));
            }
            pages.render(ctx, Failures.status(e), "login.jte",
                    new LoginView(pages.frame(ctx, "Sign in"), next, username, Optional.of(e.getMessage())));
        }
    }

    /** {@code GET /logout}: a button, so that a link (or a prefetch) never signs anyone out. */
    public void logoutForm(Context ctx) {
        pages.render(ctx, "logout.jte", new LogoutView(pages.frame(ctx, "Sign out")));
    }

    public void logout(Context ctx) {
        SessionCookie.read(ctx).ifPresent(accounts::logout);
        SessionCookie.clear(ctx, publicUrl.get());
        Pages.seeOther(ctx, "/");
    }

    public void joinForm(Context ctx) {
        pages.render(ctx, "join.jte", new JoinView(pages.frame(ctx, "Sign up"), "", "", "", Optional.empty()));
    }

    /** {@code POST /join}: the API's sign-up; the verification mail goes out as for the API. */
    public void join(Context ctx) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").strip();
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
        String fullname = Optional.ofNullable(ctx.formParam("fullname")).orElse("").strip();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        try {
            accounts.signup(new SignupRequest(username, email, password, Optional.of(fullname).filter(f -> !f.isEmpty())),
                    Requests.clientAddress(ctx));
            pages.render(ctx, 201, "joined.jte", new JoinedView(pages.frame(ctx, "Check your inbox"), email));
        } catch (InvalidInputException | ConflictException | RateLimitedException e) {
            pages.render(ctx, Failures.status(e), "join.jte",
                    new JoinView(pages.frame(ctx, "Sign up"), username, email, fullname, Optional.of(e.getMessage())));
        }
    }

    /** {@code POST /verify-email/resend}: a fresh link for the signed-in user. */
    public void resendVerification(Context ctx) {
        accounts.resendVerification(Requests.user(ctx).userId());
        Pages.seeOther(ctx, "/?notice=resent");
    }
}
