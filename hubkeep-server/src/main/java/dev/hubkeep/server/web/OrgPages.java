package dev.hubkeep.server.web;

import dev.hubkeep.server.access.Access;
import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.access.OrgRole;
import dev.hubkeep.server.access.Resource;
import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.auth.AuditEvent;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.NotServed;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.orgs.Org;
import dev.hubkeep.server.orgs.OrgMember;
import dev.hubkeep.server.orgs.OrgService;
import dev.hubkeep.server.orgs.TokenPolicy;
import dev.hubkeep.server.orgs.TokenReview;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.repos.RepoType;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Organizations: making one, a namespace's page (an organization's profile, repositories and
 * members, or a user's repositories), and an organization's settings: members and roles, the
 * token policy with the tokens waiting for approval, and the audit log. Every change goes through
 * {@link OrgService} after the route's guard asked {@link Access#decide}, as the API's do.
 */
public final class OrgPages {

    /** The most repositories a namespace's page lists per type. */
    static final int REPOS_PER_TYPE = 100;
    /** The most members and tokens a page lists. */
    static final int LISTED = 1000;
    /** Audit events per page. */
    static final int AUDIT_PAGE = 100;
    static final List<String> ROLES = List.of("read", "write", "admin");
    private static final Map<String, String> NOTICES = Map.of(
            "member", "The member is saved.",
            "removed", "The member was removed.",
            "policy", "The token policy is saved.",
            "approved", "The token is approved.",
            "denied", "The token is denied.");

    public record MemberLine(String username, String fullname, String role) {}

    /** A namespace's page: an organization's (with members) or a user's. */
    public record ProfileView(Frame page, String name, String fullname, boolean isOrg,
            List<AccountPages.RepoLine> repos, List<MemberLine> members, boolean membersTruncated, boolean canAdmin,
            boolean canLeave) {}

    public record NewView(Frame page, String name, String fullname, Optional<String> error) {}

    /** The settings pages share their header: which organization, which tab. */
    public record SettingsHeader(String org, String base, String tab) {}

    public record MembersView(Frame page, SettingsHeader header, List<MemberLine> members, boolean truncated,
            List<String> roles, String username, String role, Optional<String> error, Optional<String> notice) {}

    public record ReviewLine(String tokenId, String name, String owner, String power, String hint, String status,
            String updated) {}

    public record TokensView(Frame page, SettingsHeader header, boolean fineGrainedOnly, boolean requireApproval,
            String maxLifetimeDays, List<ReviewLine> reviews, boolean truncated, Optional<String> error,
            Optional<String> notice) {}

    public record EventLine(String at, String actor, String action, String details) {}

    public record AuditView(Frame page, SettingsHeader header, List<EventLine> events, Optional<String> older) {}

    private final Pages pages;
    private final OrgService orgs;
    private final AccountService accounts;
    private final RepoService repos;
    private final Facts facts;

    public OrgPages(Pages pages, OrgService orgs, AccountService accounts, RepoService repos, Facts facts) {
        this.pages = pages;
        this.orgs = orgs;
        this.accounts = accounts;
        this.repos = repos;
        this.facts = facts;
    }

    /** {@code GET /organizations/new}. */
    public void newForm(Context ctx) {
        pages.render(ctx, "org-new.jte", new NewView(pages.frame(ctx, "New organization"), "", "", Optional.empty()));
    }

    /** {@code POST /organizations/new}: the creator becomes its admin. */
    public void create(Context ctx) {
        String name = Forms.text(ctx, "name");
        String fullname = Forms.text(ctx, "fullname");
        try {
            Org org = orgs.create(Requests.user(ctx), name, Optional.of(fullname).filter(f -> !f.isEmpty()));
            Pages.seeOther(ctx, "/" + Urls.segment(org.name()));
        } catch (InvalidInputException | ConflictException e) {
            pages.render(ctx, Failures.status(e), "org-new.jte",
                    new NewView(pages.frame(ctx, "New organization"), name, fullname, Optional.of(e.getMessage())));
        }
    }

    /** {@code GET /{name}}: an organization's profile, repositories and members, or a user's repositories. */
    public void profile(Context ctx) {
        String name = ctx.pathParam("org");
        // /models, /v1: the paths of clients pointed at the wrong service keep their explanation.
        NotServed.explain(ctx.method().name(), ctx.path()).ifPresent(answer -> {
            throw new NotFoundException(answer.message(), answer.code().orElse(null));
        });
        Principal principal = Requests.principal(ctx);
        Optional<Org> org = orgs.find(name);
        if (org.isPresent()) {
            List<OrgMember> members = orgs.members(org.get().name());
            pages.render(ctx, "profile.jte", new ProfileView(pages.frame(ctx, org.get().name()), org.get().name(),
                    org.get().fullname(), true, repoLines(principal, org.get().name()), memberLines(members),
                    members.size() > LISTED, canAdmin(principal, org.get().name()), canLeave(principal, org.get().name())));
            return;
        }
        User user = accounts.findByUsername(name)
                .orElseThrow(() -> new NotFoundException("No user or organization named '" + name + "'."));
        pages.render(ctx, "profile.jte", new ProfileView(pages.frame(ctx, user.username()), user.username(),
                user.fullname(), false, repoLines(principal, user.username()), List.of(), false, false, false));
    }

    /** {@code GET /organizations/{org}/settings/members}. */
    public void members(Context ctx) {
        membersPage(ctx, 200, "", "read", Optional.empty(), notice(ctx));
    }

    /** {@code POST /organizations/{org}/settings/members}: adds a member, or changes a member's role. */
    public void putMember(Context ctx) {
        String username = Forms.text(ctx, "username");
        String roleName = Forms.text(ctx, "role");
        try {
            if (username.isEmpty()) {
                throw new InvalidInputException("Enter the username of the person to add.");
            }
            OrgRole role = OrgRole.parse(roleName)
                    .orElseThrow(() -> new InvalidInputException("Pick the role: read, write or admin."));
            orgs.putMember(Requests.user(ctx), ctx.pathParam("org"), username, role);
            Pages.seeOther(ctx, settingsBase(ctx) + "/members?done=member");
        } catch (InvalidInputException | ConflictException | NotFoundException e) {
            membersPage(ctx, Failures.status(e), username, roleName, Optional.of(e.getMessage()), Optional.empty());
        }
    }

    /** {@code POST /organizations/{org}/settings/members/{user}/remove}. */
    public void removeMember(Context ctx) {
        String username = ctx.pathParam("user");
        try {
            orgs.removeMember(Requests.user(ctx), ctx.pathParam("org"), username);
            Pages.seeOther(ctx, settingsBase(ctx) + "/members?done=removed");
        } catch (ConflictException | NotFoundException e) {
            membersPage(ctx, Failures.status(e), "", "read", Optional.of(e.getMessage()), Optional.empty());
        }
    }

    /** {@code GET /organizations/{org}/settings/tokens}: the token policy and every token's standing. */
    public void tokens(Context ctx) {
        TokenPolicy policy = orgs.policy(ctx.pathParam("org"));
        tokensPage(ctx, 200, policy.fineGrainedOnly(), policy.requireApproval(),
                policy.maxLifetimeDays().map(String::valueOf).orElse(""), Optional.empty(), notice(ctx));
    }

    /** {@code POST /organizations/{org}/settings/token-policy}. */
    public void setPolicy(Context ctx) {
        boolean fineGrainedOnly = Forms.ticked(ctx, "fineGrainedOnly");
        boolean requireApproval = Forms.ticked(ctx, "requireApproval");
        String days = Forms.text(ctx, "maxLifetimeDays");
        try {
            orgs.setPolicy(Requests.user(ctx), ctx.pathParam("org"),
                    new TokenPolicy(fineGrainedOnly, requireApproval, days(days)));
            Pages.seeOther(ctx, settingsBase(ctx) + "/tokens?done=policy");
        } catch (InvalidInputException e) {
            tokensPage(ctx, Failures.status(e), fineGrainedOnly, requireApproval, days, Optional.of(e.getMessage()),
                    Optional.empty());
        }
    }

    /** {@code POST /organizations/{org}/settings/tokens/{id}/approve} (and {@code deny}). */
    public void approve(Context ctx) {
        review(ctx, "approved");
    }

    public void deny(Context ctx) {
        review(ctx, "denied");
    }

    /** {@code GET /organizations/{org}/settings/audit-log?before=…}: newest first, a page at a time. */
    public void auditLog(Context ctx) {
        String org = ctx.pathParam("org");
        List<AuditEvent> found = orgs.auditLog(org, Optional.ofNullable(ctx.queryParam("before")), AUDIT_PAGE + 1);
        List<AuditEvent> shown = found.subList(0, Math.min(found.size(), AUDIT_PAGE));
        Optional<String> older = found.size() > AUDIT_PAGE
                ? Optional.of(settingsBase(ctx) + "/audit-log?before=" + Urls.segment(shown.getLast().id()))
                : Optional.empty();
        pages.render(ctx, "org-audit.jte", new AuditView(pages.frame(ctx, "Audit log · " + org),
                header(ctx, "audit"), eventLines(shown), older));
    }

    static List<EventLine> eventLines(List<AuditEvent> events) {
        return events.stream().map(e -> new EventLine(When.format(e.at()), e.actor(), e.action(),
                new TreeMap<>(e.details()).entrySet().stream().map(d -> d.getKey() + ": " + d.getValue())
                        .collect(Collectors.joining(", "))
                        + e.address().map(a -> (e.details().isEmpty() ? "" : ", ") + "from " + a).orElse("")))
                .toList();
    }

    private void review(Context ctx, String status) {
        orgs.review(Requests.user(ctx), ctx.pathParam("org"), ctx.pathParam("id"), status);
        Pages.seeOther(ctx, settingsBase(ctx) + "/tokens?done=" + status);
    }

    private void membersPage(Context ctx, int status, String username, String role, Optional<String> error,
            Optional<String> notice) {
        String org = ctx.pathParam("org");
        List<OrgMember> members = orgs.members(org);
        pages.render(ctx, status, "org-members.jte", new MembersView(pages.frame(ctx, "Members · " + org),
                header(ctx, "members"), memberLines(members), members.size() > LISTED, ROLES, username, role, error, notice));
    }

    private void tokensPage(Context ctx, int status, boolean fineGrainedOnly, boolean requireApproval, String days,
            Optional<String> error, Optional<String> notice) {
        String org = ctx.pathParam("org");
        List<TokenReview> reviews = orgs.reviews(org);
        // Pending first: what waits for an admin is what they came for.
        List<ReviewLine> lines = reviews.stream()
                .sorted((a, b) -> Boolean.compare(!a.status().equals("pending"), !b.status().equals("pending")))
                .limit(LISTED)
                .map(r -> new ReviewLine(r.tokenId(), r.tokenName(), r.owner(), power(r), r.hint(), r.status(),
                        When.format(r.updatedAt()) + r.updatedBy().map(by -> " by " + by).orElse("")))
                .toList();
        pages.render(ctx, status, "org-tokens.jte", new TokensView(pages.frame(ctx, "Tokens · " + org),
                header(ctx, "tokens"), fineGrainedOnly, requireApproval, days, lines, reviews.size() > LISTED, error, notice));
    }

    private static String power(TokenReview review) {
        if (review.grants().isEmpty()) {
            return review.role();
        }
        return "fine-grained (" + review.grants().get().scoped().stream()
                .map(s -> s.name() + ": " + String.join(", ", s.permissions().stream().sorted().toList()))
                .collect(Collectors.joining("; ")) + ")";
    }

    private static Optional<Integer> days(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("The longest lifetime is a whole number of days (1 to 3650), or empty for none.");
        }
    }

    private List<AccountPages.RepoLine> repoLines(Principal principal, String namespace) {
        List<AccountPages.RepoLine> lines = new ArrayList<>();
        for (RepoType type : RepoType.values()) {
            repos.list(principal, type, Optional.of(namespace), Optional.empty(), REPOS_PER_TYPE)
                    .forEach(repo -> lines.add(AccountPages.RepoLine.of(repo)));
        }
        return lines;
    }

    private static List<MemberLine> memberLines(List<OrgMember> members) {
        return members.stream().limit(LISTED)
                .map(m -> new MemberLine(m.username(), m.fullname(), m.role().wireName())).toList();
    }

    /** Whether to offer the settings link: a hint only, the settings' routes decide for themselves. */
    private boolean canAdmin(Principal principal, String org) {
        return principal instanceof Principal.Authenticated
                && Access.decide(principal, Action.ORG_ADMIN, new Resource.Namespace(facts.namespace(principal, org))).allowed();
    }

    /** Whether to offer Leave: a hint only, the route decides for itself. */
    private boolean canLeave(Principal principal, String org) {
        return principal instanceof Principal.Authenticated
                && Access.decide(principal, Action.ORG_LEAVE, new Resource.Namespace(facts.namespace(principal, org))).allowed();
    }

    private static SettingsHeader header(Context ctx, String tab) {
        String org = ctx.pathParam("org");
        return new SettingsHeader(org, settingsBase(ctx), tab);
    }

    private static String settingsBase(Context ctx) {
        return "/organizations/" + Urls.segment(ctx.pathParam("org")) + "/settings";
    }

    /**
     * The confirmation after a change, named by the redirect: fixed texts only, so that a link cannot
     * make the page say something of its author's.
     */
    private static Optional<String> notice(Context ctx) {
        return Optional.ofNullable(NOTICES.get(Optional.ofNullable(ctx.queryParam("done")).orElse("")));
    }
}
