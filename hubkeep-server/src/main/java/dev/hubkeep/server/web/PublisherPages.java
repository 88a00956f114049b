package dev.hubkeep.server.web;

import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.oauth.PublishedRepo;
import dev.hubkeep.server.oauth.PublisherSpec;
import dev.hubkeep.server.oauth.TrustedPublisher;
import dev.hubkeep.server.oauth.TrustedPublishers;
import dev.hubkeep.server.orgs.Org;
import dev.hubkeep.server.orgs.OrgService;
import dev.hubkeep.server.orgs.ServiceAccount;
import dev.hubkeep.server.orgs.ServiceAccountService;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Settings → Trusted publishers, of one's own account ({@code /settings/trusted-publishers}) and of
 * an organization ({@code /organizations/{org}/settings/trusted-publishers}): the publishers with
 * what they admit and get, a form to register one, and Delete after a confirmation. Through
 * {@link TrustedPublishers} after the routes' guards decided, as the API's
 * ({@code /api/settings/trusted-publishers}) do: token management on one's own account, or
 * administering the organization.
 */
public final class PublisherPages {

    /** The longest claim-rules field the form takes: 16 rules of a 64-character name and a 512-character value, and then some. */
    static final int MAX_RULES_CHARS = 16 * 1024;
    /** The longest repositories field the form takes (20 repositories of long names). */
    static final int MAX_REPOS_CHARS = 4 * 1024;
    private static final Map<String, String> NOTICES = Map.of(
            "added", "The trusted publisher is registered.",
            "deleted", "The trusted publisher is deleted; the tokens it got are revoked.");

    public record PublisherLine(String id, String name, String issuer, String audience, List<String> rules,
            String repositories, String access, String lifetime, String serviceAccount, String createdBy, String created) {}

    /** What the form held, to show again with an error. */
    public record Form(String name, String issuer, String audience, String claims, String repositories, String access,
            String lifetimeMinutes, String serviceAccount) {

        static final Form EMPTY = new Form("", "", "", "", "", "read", "", "");
    }

    /**
     * @param org the organization's settings header; empty on one's own settings
     * @param base the page's own path, which its forms post to
     * @param owner whose publishers they are: the username or the organization's name
     * @param serviceAccounts for an organization: the service accounts a publisher may act as
     */
    public record View(Frame page, Optional<OrgPages.SettingsHeader> org, String base, String owner,
            List<PublisherLine> publishers, List<String> serviceAccounts, List<String> issuers, long maxLifetimeMinutes,
            String defaultAudience, Form form, Optional<String> error, Optional<String> notice) {

        public boolean isOrg() {
            return org.isPresent();
        }
    }

    public record DeleteView(Frame page, Optional<OrgPages.SettingsHeader> org, String base, PublisherLine publisher) {}

    private final Pages pages;
    private final TrustedPublishers publishers;
    private final OrgService orgs;
    private final ServiceAccountService serviceAccounts;
    private final Supplier<String> publicUrl;

    public PublisherPages(Pages pages, TrustedPublishers publishers, OrgService orgs, ServiceAccountService serviceAccounts,
            Supplier<String> publicUrl) {
        this.pages = pages;
        this.publishers = publishers;
        this.orgs = orgs;
        this.serviceAccounts = serviceAccounts;
        this.publicUrl = publicUrl;
    }

    // --- one's own account ---

    /** {@code GET /settings/trusted-publishers}. */
    public void listOwn(Context ctx) {
        page(ctx, 200, own(ctx), Form.EMPTY, Optional.empty(), notice(ctx));
    }

    /** {@code POST /settings/trusted-publishers}: registers one acting as the user. */
    public void createOwn(Context ctx) {
        Form form = form(ctx);
        Place place = own(ctx);
        try {
            publishers.registerForUser(Requests.user(ctx), spec(form, place.owner().namespace(), false));
            Pages.seeOther(ctx, place.base() + "?done=added");
        } catch (InvalidInputException | ConflictException e) {
            page(ctx, Failures.status(e), place, form, Optional.of(e.getMessage()), Optional.empty());
        }
    }

    /** {@code GET /settings/trusted-publishers/{id}/delete}: the confirmation. */
    public void deleteOwnForm(Context ctx) {
        confirmation(ctx, own(ctx));
    }

    /** {@code POST /settings/trusted-publishers/{id}/delete}. */
    public void deleteOwn(Context ctx) {
        delete(ctx, own(ctx));
    }

    // --- an organization's ---

    /** {@code GET /organizations/{org}/settings/trusted-publishers}. */
    public void listOrg(Context ctx) {
        page(ctx, 200, org(ctx), Form.EMPTY, Optional.empty(), notice(ctx));
    }

    /** {@code POST /organizations/{org}/settings/trusted-publishers}: registers one acting as a service account. */
    public void createOrg(Context ctx) {
        Form form = form(ctx);
        Place place = org(ctx);
        TrustedPublisher.OrgOwner owner = (TrustedPublisher.OrgOwner) place.owner();
        try {
            publishers.registerForOrg(Requests.user(ctx), owner.orgId(), owner.orgName(), spec(form, owner.orgName(), true));
            Pages.seeOther(ctx, place.base() + "?done=added");
        } catch (InvalidInputException | ConflictException e) {
            page(ctx, Failures.status(e), place, form, Optional.of(e.getMessage()), Optional.empty());
        }
    }

    /** {@code GET /organizations/{org}/settings/trusted-publishers/{id}/delete}: the confirmation. */
    public void deleteOrgForm(Context ctx) {
        confirmation(ctx, org(ctx));
    }

    /** {@code POST /organizations/{org}/settings/trusted-publishers/{id}/delete}. */
    public void deleteOrg(Context ctx) {
        delete(ctx, org(ctx));
    }

    // --- shared ---

    /** Whose publishers a page shows, where it lives, and its organization's header if any. */
    private record Place(TrustedPublisher.Owner owner, String base, Optional<OrgPages.SettingsHeader> header) {}

    private static Place own(Context ctx) {
        return new Place(new TrustedPublisher.UserOwner(Requests.user(ctx).userId(), Requests.user(ctx).username()),
                "/settings/trusted-publishers", Optional.empty());
    }

    private Place org(Context ctx) {
        Org org = orgs.get(ctx.pathParam("org"));
        String settings = "/organizations/" + Urls.segment(org.name()) + "/settings";
        return new Place(new TrustedPublisher.OrgOwner(org.id(), org.name(), ""), settings + "/trusted-publishers",
                Optional.of(new OrgPages.SettingsHeader(org.name(), settings, "trusted-publishers")));
    }

    private void confirmation(Context ctx, Place place) {
        TrustedPublisher publisher = publishers.get(place.owner(), ctx.pathParam("id"));
        pages.render(ctx, "publisher-delete.jte", new DeleteView(pages.frame(ctx, "Delete " + publisher.name()),
                place.header(), place.base(), line(publisher)));
    }

    private void delete(Context ctx, Place place) {
        publishers.delete(Requests.user(ctx), place.owner(), ctx.pathParam("id"));
        Pages.seeOther(ctx, place.base() + "?done=deleted");
    }

    private void page(Context ctx, int status, Place place, Form form, Optional<String> error, Optional<String> notice) {
        List<PublisherLine> lines = publishers.list(place.owner()).stream().map(this::line).toList();
        List<String> accounts = place.header().isPresent()
                ? serviceAccounts.list(place.owner().namespace()).stream().map(ServiceAccount::name).toList()
                : List.of();
        String title = "Trusted publishers" + (place.header().isPresent() ? " · " + place.owner().namespace() : "");
        pages.render(ctx, status, "publishers.jte", new View(pages.frame(ctx, title), place.header(), place.base(),
                place.owner().namespace(), lines, accounts, publishers.allowedIssuers(), publishers.maxLifetime().toMinutes(),
                publicUrl.get(), form, error, notice));
    }

    private static Form form(Context ctx) {
        return new Form(Forms.text(ctx, "name"), Forms.text(ctx, "issuer"), Forms.text(ctx, "audience"),
                Forms.text(ctx, "claims"), Forms.text(ctx, "repositories"), Forms.text(ctx, "access"),
                Forms.text(ctx, "lifetimeMinutes"), Forms.text(ctx, "serviceAccount"));
    }

    /** The form as the registration the API takes; what the service checks, it checks (names, issuer, bounds). */
    static PublisherSpec spec(Form form, String namespace, boolean forOrg) {
        if (forOrg && form.serviceAccount().isEmpty()) {
            throw new InvalidInputException("Pick the service account the publisher's tokens belong to (create one under"
                    + " Access tokens first).");
        }
        return new PublisherSpec(form.name(), form.issuer(), Optional.of(form.audience()).filter(a -> !a.isEmpty()),
                rules(form.claims()), repositories(form.repositories(), namespace), form.access(), lifetime(form),
                forOrg ? Optional.of(form.serviceAccount()) : Optional.empty());
    }

    /** One rule a line, {@code claim=value}, as {@code hubkeep publisher add --claim} takes them. */
    static Map<String, String> rules(String text) {
        if (text.length() > MAX_RULES_CHARS) {
            throw new InvalidInputException("The claim rules are too long: at most 16 rules, one claim=value a line.");
        }
        Map<String, String> rules = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            String rule = line.strip();
            if (rule.isEmpty()) {
                continue;
            }
            int eq = rule.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("Write each claim rule as claim=value on a line of its own, such as"
                        + " repository=acme/train.");
            }
            String claim = rule.substring(0, eq).strip();
            if (rules.put(claim, rule.substring(eq + 1).strip()) != null) {
                throw new InvalidInputException("The claim '" + claim + "' has two rules: a claim can equal one value only.");
            }
        }
        return rules;
    }

    /** Separated by commas or blanks; a bare name is one of the owner's models. */
    static List<String> repositories(String text, String namespace) {
        if (text.length() > MAX_REPOS_CHARS) {
            throw new InvalidInputException("Too many repositories: a trusted publisher reaches at most 20.");
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(r -> !r.isEmpty())
                .map(r -> r.contains("/") ? r : namespace + "/" + r).toList();
    }

    private static Optional<Duration> lifetime(Form form) {
        if (form.lifetimeMinutes().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofMinutes(Integer.parseInt(form.lifetimeMinutes())));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("Token lifetime: a whole number of minutes, or empty for the longest.");
        }
    }

    private PublisherLine line(TrustedPublisher p) {
        List<String> rules = p.rules().equal().entrySet().stream().map(r -> r.getKey() + " = " + r.getValue()).toList();
        String account = p.owner() instanceof TrustedPublisher.OrgOwner org ? org.serviceAccount() : "";
        return new PublisherLine(p.id(), p.name(), p.issuer(), p.audience().orElseGet(publicUrl), rules,
                p.repositories().stream().map(PublishedRepo::wire).collect(Collectors.joining(", ")),
                p.write() ? "read and write" : "read", p.lifetime().toMinutes() + " min", account, p.createdBy(),
                When.format(p.createdAt()));
    }

    private static Optional<String> notice(Context ctx) {
        return Optional.ofNullable(NOTICES.get(Optional.ofNullable(ctx.queryParam("done")).orElse("")));
    }
}
