package dev.hubkeep.server.web;

import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.auth.FineGrained;
import dev.hubkeep.server.auth.NewToken;
import dev.hubkeep.server.auth.OrgToken;
import dev.hubkeep.server.auth.TokenRole;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.orgs.ServiceAccount;
import dev.hubkeep.server.orgs.ServiceAccountService;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Organization Settings → Access Tokens: the organization's service accounts and the organization
 * tokens they hold, for its admins. Every change goes through {@link ServiceAccountService} after
 * the route's guard decided (an admin of the organization), as the API's do; forms carry the CSRF
 * token. A new token's value is shown once, on the page the creation answers with.
 */
public final class OrgTokenPages {

    static final List<String> ROLES = List.of("read", "write");
    private static final Map<String, String> NOTICES = Map.of(
            "account", "The service account is created.",
            "account-deleted", "The service account is deleted; its tokens are revoked.",
            "revoked", "The token is revoked.");

    public record AccountLine(String name, String username, String role, String created) {}

    public record TokenLine(String id, String name, String account, String power, String hint, String createdBy,
            String created, String expires, String lastUsed) {}

    /** What the forms held, to show again with an error. */
    public record Form(String account, String name, String repos, String access, String expiresInDays,
            String accountName, String accountRole) {

        static final Form EMPTY = new Form("", "", "", "read", "", "", "read");
    }

    public record View(Frame page, OrgPages.SettingsHeader header, List<AccountLine> accounts, List<TokenLine> tokens,
            List<String> roles, Form form, Optional<String> error, Optional<String> notice) {}

    public record CreatedView(Frame page, OrgPages.SettingsHeader header, TokenLine token, String value) {}

    private final Pages pages;
    private final ServiceAccountService accounts;
    private final Clock clock;

    public OrgTokenPages(Pages pages, ServiceAccountService accounts, Clock clock) {
        this.pages = pages;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** {@code GET /organizations/{org}/settings/access-tokens}. */
    public void list(Context ctx) {
        page(ctx, 200, Form.EMPTY, Optional.empty(),
                Optional.ofNullable(NOTICES.get(Optional.ofNullable(ctx.queryParam("done")).orElse(""))));
    }

    /** {@code POST /organizations/{org}/settings/service-accounts}: a new service account. */
    public void createAccount(Context ctx) {
        String name = Forms.text(ctx, "name");
        String role = Forms.text(ctx, "role");
        Form form = new Form("", "", "", "read", "", name, role);
        try {
            OrgRole orgRole = OrgRole.parse(role).filter(r -> r != OrgRole.ADMIN)
                    .orElseThrow(() -> new InvalidInputException("Pick the service account's role: read or write."));
            accounts.create(Requests.user(ctx), ctx.pathParam("org"), name, orgRole, Optional.empty());
            Pages.seeOther(ctx, base(ctx) + "/access-tokens?done=account");
        } catch (InvalidInputException | ConflictException | NotFoundException e) {
            page(ctx, Failures.status(e), form, Optional.of(e.getMessage()), Optional.empty());
        }
    }

    /** {@code POST /organizations/{org}/settings/service-accounts/{name}/delete}. */
    public void deleteAccount(Context ctx) {
        try {
            accounts.delete(Requests.user(ctx), ctx.pathParam("org"), ctx.pathParam("name"), Requests.clientAddress(ctx));
            Pages.seeOther(ctx, base(ctx) + "/access-tokens?done=account-deleted");
        } catch (NotFoundException e) {
            page(ctx, Failures.status(e), Form.EMPTY, Optional.of(e.getMessage()), Optional.empty());
        }
    }

    /** {@code POST /organizations/{org}/settings/access-tokens}: a new organization token, shown once. */
    public void create(Context ctx) {
        String org = ctx.pathParam("org");
        Form form = new Form(Forms.text(ctx, "account"), Forms.text(ctx, "name"), Forms.text(ctx, "repos"),
                Forms.text(ctx, "access"), Forms.text(ctx, "expiresInDays"), "", "read");
        try {
            if (form.account().isEmpty()) {
                throw new InvalidInputException("Pick the service account the token belongs to (create one first).");
            }
            ServiceAccount account = accounts.get(org, form.account());
            Set<String> permissions = "write".equals(form.access())
                    ? Set.of("repo.content.read", "repo.write")
                    : Set.of("repo.content.read");
            List<String> repos = Arrays.stream(form.repos().split("[,\\s]+")).filter(r -> !r.isEmpty()).toList();
            List<FineGrained.Scoped> scoped = repos.isEmpty()
                    ? List.of(new FineGrained.Scoped(FineGrained.EntityType.ORG, account.org(), permissions))
                    : repos.stream().map(r -> new FineGrained.Scoped(FineGrained.EntityType.MODEL,
                            r.contains("/") ? r : account.org() + "/" + r, permissions)).toList();
            NewToken spec = new NewToken(form.name(), TokenRole.FINE_GRAINED,
                    Optional.of(new FineGrained(scoped, List.of(), false)), expiry(form.expiresInDays()), List.of());
            ServiceAccountService.Issuer issuer = ServiceAccountService.Issuer.person(Requests.user(ctx));
            TokenService.Created created = accounts.issueToken(account, spec, issuer, Requests.clientAddress(ctx));
            TokenLine line = line(new OrgToken(created.token(), account.username(), Optional.of(issuer.actor())));
            ctx.header("Cache-Control", "no-store");
            pages.render(ctx, 201, "org-token-created.jte", new CreatedView(pages.frame(ctx, "Token created · " + org),
                    header(ctx), line, created.value()));
        } catch (InvalidInputException | ConflictException | NotFoundException | ForbiddenException e) {
            page(ctx, Failures.status(e), form, Optional.of(e.getMessage()), Optional.empty());
        }
    }

    /** {@code POST /organizations/{org}/settings/access-tokens/{id}/revoke}: any admin may. */
    public void revoke(Context ctx) {
        try {
            accounts.revokeToken(Requests.user(ctx), ctx.pathParam("org"), ctx.pathParam("id"), Requests.clientAddress(ctx));
            Pages.seeOther(ctx, base(ctx) + "/access-tokens?done=revoked");
        } catch (NotFoundException e) {
            page(ctx, Failures.status(e), Form.EMPTY, Optional.of(e.getMessage()), Optional.empty());
        }
    }

    private void page(Context ctx, int status, Form form, Optional<String> error, Optional<String> notice) {
        String org = ctx.pathParam("org");
        List<AccountLine> accountLines = accounts.list(org).stream()
                .map(a -> new AccountLine(a.name(), a.username(), a.role().wireName(), When.format(a.createdAt())))
                .toList();
        List<TokenLine> tokenLines = accounts.tokens(org).stream().map(OrgTokenPages::line).toList();
        pages.render(ctx, status, "org-access-tokens.jte", new View(pages.frame(ctx, "Access tokens · " + org),
                header(ctx), accountLines, tokenLines, ROLES, form, error, notice));
    }

    private Optional<Instant> expiry(String days) {
        if (days.isEmpty()) {
            return Optional.empty();
        }
        try {
            int count = Integer.parseInt(days);
            if (count >= 1 && count <= 3650) {
                return Optional.of(clock.instant().plus(Duration.ofDays(count)));
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new InvalidInputException("Expires in: a whole number of days from 1 to 3650, or empty for never.");
    }

    private static TokenLine line(OrgToken token) {
        String power = token.token().fineGrained()
                .map(g -> g.scoped().stream()
                        .map(s -> s.name() + ": " + String.join(", ", s.permissions().stream().sorted().toList()))
                        .collect(Collectors.joining("; ")))
                .orElse(token.token().role().wireName());
        return new TokenLine(token.token().id(), token.token().name(), token.serviceAccount(), power, token.token().hint(),
                token.createdBy().orElse("-"), When.format(token.token().createdAt()),
                When.format(token.token().expiresAt(), "never"), When.format(token.token().lastUsedAt(), "never"));
    }

    private static OrgPages.SettingsHeader header(Context ctx) {
        return new OrgPages.SettingsHeader(ctx.pathParam("org"), base(ctx), "access-tokens");
    }

    private static String base(Context ctx) {
        return "/organizations/" + Urls.segment(ctx.pathParam("org")) + "/settings";
    }
}
