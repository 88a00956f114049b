package dev.hubkeep.server.web;

import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.limits.Usage;
import dev.hubkeep.server.limits.UsageService;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/**
 * Settings → Usage, like the public Hub's billing page: the plan and, per bucket, what is used of
 * this window's quota and when it resets; and the same per member for an organization's admins.
 * Read only; through {@link UsageService}, as the API's, after the routes' guards.
 */
public final class UsagePages {

    /** One bucket's gauge as the page shows it. */
    public record GaugeLine(String bucket, String what, long quota, long used, long remaining) {}

    /** One account's usage: its plan, the window's reset, and a gauge per bucket (none when unlimited). */
    public record UsageLines(String plan, boolean unlimited, long resetSeconds, List<GaugeLine> gauges) {}

    public record OwnView(Frame page, UsageLines usage) {}

    public record MemberLine(String username, UsageLines usage) {}

    public record OrgView(Frame page, OrgPages.SettingsHeader header, String plan, List<MemberLine> members,
            Optional<String> next) {}

    private final Pages pages;
    private final UsageService usage;

    public UsagePages(Pages pages, UsageService usage) {
        this.pages = pages;
        this.usage = usage;
    }

    /** {@code GET /settings/usage}. */
    public void own(Context ctx) {
        pages.render(ctx, "usage.jte", new OwnView(pages.frame(ctx, "Usage"), lines(usage.of(Requests.user(ctx).userId()))));
    }

    /** {@code GET /organizations/{org}/settings/usage?after=…}: the members' usage, a page at a time. */
    public void org(Context ctx) {
        String org = ctx.pathParam("org");
        String base = "/organizations/" + Urls.segment(org) + "/settings";
        Optional<String> after = Optional.ofNullable(ctx.queryParam("after")).filter(a -> !a.isEmpty() && a.length() <= 200);
        UsageService.OrgUsage page = usage.ofOrg(org, after);
        List<MemberLine> members = page.members().stream().map(m -> new MemberLine(m.username(), lines(m.usage()))).toList();
        pages.render(ctx, "org-usage.jte", new OrgView(pages.frame(ctx, "Usage · " + org),
                new OrgPages.SettingsHeader(org, base, "usage"), page.plan().orElse("none"), members,
                page.next().map(next -> base + "/usage?after=" + Urls.segment(next))));
    }

    private static UsageLines lines(Usage usage) {
        return new UsageLines(usage.plan().name(), usage.plan().unlimited(), usage.resetSeconds(), usage.gauges().stream()
                .map(g -> new GaugeLine(g.bucket().wireName(), what(g.bucket()), g.quota(), g.used(), g.remaining()))
                .toList());
    }

    private static String what(dev.hubkeep.server.limits.Bucket bucket) {
        return switch (bucket) {
            case API -> "Hub API calls";
            case RESOLVERS -> "file downloads (resolve URLs)";
            case PAGES -> "web pages";
            case INFERENCE -> "inference requests";
        };
    }
}
