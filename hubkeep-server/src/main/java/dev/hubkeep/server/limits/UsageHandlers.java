package dev.hubkeep.server.limits;

import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.http.Requests;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/settings/usage}: the caller's gauges of the current window; and
 * {@code GET /api/organizations/{org}/settings/usage}: its members', for its admins (docs/limits.md).
 */
public final class UsageHandlers {

    /** The longest {@code after} cursor taken: a username is far shorter. */
    private static final int MAX_CURSOR = 200;

    private final UsageService usage;

    public UsageHandlers(UsageService usage) {
        this.usage = usage;
    }

    /** {@code GET /api/settings/usage}. */
    public void own(Context ctx) {
        ctx.json(view(usage.of(Requests.user(ctx).userId())));
    }

    /** {@code GET /api/organizations/{org}/settings/usage?after=USERNAME}: a page of members, {@code Link} to the next. */
    public void org(Context ctx) {
        Optional<String> after = Optional.ofNullable(ctx.queryParam("after")).filter(a -> !a.isEmpty());
        if (after.filter(a -> a.length() > MAX_CURSOR).isPresent()) {
            throw new InvalidInputException("after names the last member of the previous page: a username.");
        }
        String org = ctx.pathParam("org");
        UsageService.OrgUsage page = usage.ofOrg(org, after);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("organization", page.org());
        body.put("plan", page.plan().orElse(null));
        body.put("members", page.members().stream().map(m -> {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("user", m.username());
            member.putAll(view(m.usage()));
            return member;
        }).toList());
        body.put("next", page.next().orElse(null));
        page.next().ifPresent(next -> ctx.header("Link", "</api/organizations/" + encode(org) + "/settings/usage?after="
                + encode(next) + ">; rel=\"next\""));
        ctx.json(body);
    }

    /** One account's usage as JSON: its plan, the window, and a gauge per bucket (none on an unlimited plan). */
    static Map<String, Object> view(Usage usage) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("plan", usage.plan().name());
        view.put("unlimited", usage.plan().unlimited());
        view.put("window", usage.windowSeconds());
        view.put("reset", usage.resetSeconds());
        List<Map<String, Object>> gauges = usage.gauges().stream().map(g -> {
            Map<String, Object> gauge = new LinkedHashMap<>();
            gauge.put("bucket", g.bucket().wireName());
            gauge.put("quota", g.quota());
            gauge.put("used", g.used());
            gauge.put("remaining", g.remaining());
            gauge.put("reset", usage.resetSeconds());
            return gauge;
        }).toList();
        view.put("buckets", gauges);
        return view;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
