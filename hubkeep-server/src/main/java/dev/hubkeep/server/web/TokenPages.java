package dev.hubkeep.server.web;

import dev.hubkeep.server.auth.AccessToken;
import dev.hubkeep.server.auth.CidrRange;
import dev.hubkeep.server.auth.FineGrained;
import dev.hubkeep.server.auth.NewToken;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.auth.TokenRole;
import dev.hubkeep.server.auth.TokenService;
import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.orgs.OrgService;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings → Access tokens: the list, New token, a token's page (rename, refresh), and delete with
 * a confirmation. Every change goes through {@link TokenService} as the API's do, with the same
 * checks (verified email, no escalation, the organizations' policies). A token's value is shown
 * once, in the answer to the form that made it; it is never in a URL.
 */
public final class TokenPages {

    /** The permissions the picker offers on one's own namespace and on an organization's. */
    static final List<String> USER_PERMISSIONS = List.of("repo.content.read", "repo.write", "repo.access.read",
            "inference.serverless.write", "user.tokens.read", "user.tokens.write", "user.gpgKeys.write",
            "user.webhooks.read", "user.webhooks.write");
    static final List<String> ORG_PERMISSIONS = List.of("repo.content.read", "repo.write", "repo.access.read",
            "org.read", "org.write", "org.members.read", "org.members.write");
    /** The lifetimes the form offers, in days; none means the token does not expire. */
    static final List<Integer> LIFETIMES = List.of(7, 30, 90, 365);

    /** A token as a line of the list. */
    public record TokenLine(String id, String name, String power, String hint, String created, String lastUsed,
            String lastUsedFrom, String expires, String networks) {}

    public record ListView(Frame page, List<TokenLine> tokens) {}

    /** The grants picked for one organization. */
    public record OrgChoice(String org, Set<String> picked) {}

    public record NewView(Frame page, String name, String role, Set<String> userPicked, List<OrgChoice> orgs,
            boolean canReadGatedRepos, String expiresInDays, String allowedCidrs, Optional<String> error,
            List<String> userPermissions, List<String> orgPermissions, List<Integer> lifetimes) {}

    public record CreatedView(Frame page, TokenLine token, String value, boolean refreshed) {}

    public record ShowView(Frame page, TokenLine token, Optional<String> error) {}

    public record DeleteView(Frame page, TokenLine token) {}

    private final Pages pages;
    private final TokenService tokens;
    private final OrgService orgs;
    private final Clock clock;

    public TokenPages(Pages pages, TokenService tokens, OrgService orgs, Clock clock) {
        this.pages = pages;
        this.tokens = tokens;
        this.orgs = orgs;
        this.clock = clock;
    }

    public void list(Context ctx) {
        List<TokenLine> lines = tokens.list(Requests.user(ctx).userId()).stream().map(TokenPages::line).toList();
        pages.render(ctx, "tokens.jte", new ListView(pages.frame(ctx, "Access tokens"), lines));
    }

    /** {@code GET /settings/tokens/new}, pre-filled by the Hub's deep links ({@code ?tokenType=fineGrained&…}). */
    public void newForm(Context ctx) {
        Principal.Authenticated user = Requests.user(ctx);
        String role = Optional.ofNullable(ctx.queryParam("tokenType")).filter(Set.of("read", "write", "fineGrained")::contains)
                .orElse("read");
        Set<String> userPicked = listed(ctx.queryParams("ownUserPermissions"), USER_PERMISSIONS);
        List<OrgChoice> orgChoices = orgs.membershipsOf(user.userId()).stream()
                .map(m -> new OrgChoice(m.name(), Set.<String>of()))
                .toList();
        boolean gated = "true".equals(ctx.queryParam("canReadGatedRepos"));
        String name = Optional.ofNullable(ctx.queryParam("name")).orElse("");
        pages.render(ctx, "token-new.jte", newView(ctx, name, role, userPicked, orgChoices, gated, "", "", Optional.empty()));
    }

    /** {@code POST /settings/tokens/new}: creates the token and shows its value, once. */
    public void create(Context ctx) {
        Principal.Authenticated user = Requests.user(ctx);
        String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
        String role = Optional.ofNullable(ctx.formParam("role")).orElse("");
        Set<String> userPicked = listed(ctx.formParams("userPermissions"), USER_PERMISSIONS);
        List<OrgChoice> orgChoices = orgs.membershipsOf(user.userId()).stream()
                .map(m -> new OrgChoice(m.name(), listed(ctx.formParams("org." + m.name()), ORG_PERMISSIONS)))
                .toList();
        boolean gated = ctx.formParam("canReadGatedRepos") != null;
        String days = Optional.ofNullable(ctx.formParam("expiresInDays")).orElse("");
        String cidrs = Optional.ofNullable(ctx.formParam("allowedCidrs")).orElse("").strip();
        try {
            TokenRole tokenRole = TokenRole.parse(role);
            Optional<FineGrained> grants = tokenRole == TokenRole.FINE_GRAINED
                    ? Optional.of(grants(user.username(), userPicked, orgChoices, gated))
                    : Optional.empty();
            NewToken spec = new NewToken(name, tokenRole, grants, expiry(days), networks(cidrs));
            TokenService.Created created = tokens.create(user, spec, Requests.clientAddress(ctx));
            pages.render(ctx, 201, "token-created.jte",
                    new CreatedView(pages.frame(ctx, "Token created"), line(created.token()), created.value(), false));
        } catch (HubException e) {
            pages.render(ctx, Failures.status(e), "token-new.jte",
                    newView(ctx, name, role, userPicked, orgChoices, gated, days, cidrs, Optional.of(e.getMessage())));
        }
    }

    /** {@code GET /settings/tokens/{id}}: one token, with rename and refresh. */
    public void show(Context ctx) {
        AccessToken token = tokens.get(Requests.user(ctx).userId(), ctx.pathParam("id"));
        pages.render(ctx, "token.jte", new ShowView(pages.frame(ctx, token.name()), line(token), Optional.empty()));
    }

    public void rename(Context ctx) {
        Principal.Authenticated user = Requests.user(ctx);
        String id = ctx.pathParam("id");
        try {
            tokens.update(user, id, Optional.ofNullable(ctx.formParam("name")).map(String::strip), Optional.empty(),
                    Requests.clientAddress(ctx));
            Pages.seeOther(ctx, "/settings/tokens");
        } catch (InvalidInputException | dev.hubkeep.server.errors.ConflictException e) {
            AccessToken token = tokens.get(user.userId(), id);
            pages.render(ctx, Failures.status(e), "token.jte",
                    new ShowView(pages.frame(ctx, token.name()), line(token), Optional.of(e.getMessage())));
        }
    }

    /** {@code POST /settings/tokens/{id}/refresh}: a new value for the same token; the old one stops working. */
    public void refresh(Context ctx) {
        TokenService.Created created = tokens.refresh(Requests.user(ctx), ctx.pathParam("id"), Requests.clientAddress(ctx));
        pages.render(ctx, "token-created.jte",
                new CreatedView(pages.frame(ctx, "Token refreshed"), line(created.token()), created.value(), true));
    }

    public void deleteForm(Context ctx) {
        AccessToken token = tokens.get(Requests.user(ctx).userId(), ctx.pathParam("id"));
        pages.render(ctx, "token-delete.jte", new DeleteView(pages.frame(ctx, "Delete " + token.name()), line(token)));
    }

    public void delete(Context ctx) {
        tokens.delete(Requests.user(ctx), ctx.pathParam("id"), Requests.clientAddress(ctx));
        Pages.seeOther(ctx, "/settings/tokens");
    }

    private NewView newView(Context ctx, String name, String role, Set<String> userPicked, List<OrgChoice> orgChoices,
            boolean gated, String days, String cidrs, Optional<String> error) {
        return new NewView(pages.frame(ctx, "New access token"), name, role, userPicked, orgChoices, gated, days, cidrs,
                error, USER_PERMISSIONS, ORG_PERMISSIONS, LIFETIMES);
    }

    private static FineGrained grants(String username, Set<String> userPicked, List<OrgChoice> orgChoices, boolean gated) {
        List<FineGrained.Scoped> scoped = new ArrayList<>();
        if (!userPicked.isEmpty()) {
            scoped.add(new FineGrained.Scoped(FineGrained.EntityType.USER, username, userPicked));
        }
        orgChoices.stream().filter(c -> !c.picked().isEmpty())
                .forEach(c -> scoped.add(new FineGrained.Scoped(FineGrained.EntityType.ORG, c.org(), c.picked())));
        if (scoped.isEmpty()) {
            throw new InvalidInputException("A fine-grained token needs at least one permission: pick some below.");
        }
        return new FineGrained(scoped, List.of(), gated);
    }

    private Optional<Instant> expiry(String days) {
        if (days.isEmpty()) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(days);
            if (LIFETIMES.contains(n)) {
                return Optional.of(clock.instant().plus(Duration.ofDays(n)));
            }
        } catch (NumberFormatException ignored) {
            // falls through
        }
        throw new InvalidInputException("Pick the token's lifetime from the list.");
    }

    private static List<CidrRange> networks(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).limit(100).map(CidrRange::parse).toList();
    }

    /** The values among {@code allowed}, from repeated or comma-separated parameters. */
    private static Set<String> listed(List<String> values, List<String> allowed) {
        Set<String> picked = new LinkedHashSet<>();
        values.stream().limit(100).flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .filter(allowed::contains).forEach(picked::add);
        return picked;
    }

    static TokenLine line(AccessToken token) {
        return new TokenLine(token.id(), token.name(), power(token), token.hint(), When.format(token.createdAt()),
                When.format(token.lastUsedAt(), "never"), token.lastUsedIp().orElse(""),
                When.format(token.expiresAt(), "never"),
                token.allowedCidrs().stream().map(CidrRange::text).collect(Collectors.joining(", ")));
    }

    /** The role, or a short summary of the grants. */
    private static String power(AccessToken token) {
        if (token.role() != TokenRole.FINE_GRAINED) {
            return token.role().wireName();
        }
        FineGrained grants = token.fineGrained().orElseThrow();
        String summary = grants.scoped().stream()
                .map(s -> s.type().wireName() + " " + s.name() + ": " + String.join(", ", s.permissions().stream().sorted().toList()))
                .collect(Collectors.joining("; "));
        return "fine-grained (" + (summary.length() > 300 ? summary.substring(0, 300) + "…" : summary)
                + (grants.canReadGatedRepos() ? "; gated repositories" : "") + ")";
    }
}
