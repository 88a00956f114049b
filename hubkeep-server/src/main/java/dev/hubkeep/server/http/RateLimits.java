package dev.hubkeep.server.http;

import dev.hubkeep.server.access.Action;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.limits.Bucket;
import dev.hubkeep.server.limits.FixedWindows;
import dev.hubkeep.server.limits.RateLimiter;
import dev.hubkeep.server.limits.Verdict;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/**
 * The pipeline's rate-limit step, right after authentication and before anything else: names the
 * route's bucket, counts the request, writes the headers the Hub's clients read (IETF
 * ratelimit-headers draft 9, as the public Hub sends them) and refuses a spent bucket with 429.
 */
public final class RateLimits {

    /** Probes, static files and avatars: cheap, and a load balancer's health checks must never be refused. */
    private static final Set<String> UNCOUNTED = Set.of("/healthz", "/readyz", "/static/{file}", "/avatars/{name}");

    private final RateLimiter limiter;

    public RateLimits(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** The bucket a route's requests count in, if any. */
    static Optional<Bucket> bucketOf(Route route) {
        if (UNCOUNTED.contains(route.path())) {
            return Optional.empty();
        }
        if (route.page()) {
            return Optional.of(Bucket.PAGES);
        }
        // The inference gateway, by what its routes decide: the router, the task API and the model list.
        if (route.guard().decides().filter(Action.INFERENCE::equals).isPresent()) {
            return Optional.of(Bucket.INFERENCE);
        }
        // File downloads, by the route's template (a file named "resolve" in a tree call is still the API).
        if (route.path().contains("/resolve/") || route.path().contains("/raw/")) {
            return Optional.of(Bucket.RESOLVERS);
        }
        return Optional.of(Bucket.API);
    }

    /** Counts the request; throws the 429 when its bucket is spent. */
    void admit(Route route, Context ctx, Principal principal) {
        Optional<Bucket> bucket = bucketOf(route);
        if (bucket.isEmpty()) {
            return;
        }
        Optional<Verdict> verdict = principal instanceof Principal.Authenticated user
                ? limiter.countUser(user.userId(), bucket.get())
                : limiter.countAnonymous(Requests.clientAddress(ctx), bucket.get());
        if (verdict.isEmpty()) {
            return; // an unlimited plan: nothing counted, nothing to say
        }
        Verdict v = verdict.get();
        String name = "\"" + v.bucket().wireName() + "\"";
        ctx.header("RateLimit", name + ";r=" + v.remaining() + ";t=" + v.resetSeconds());
        ctx.header("RateLimit-Policy",
                "\"fixed window\";" + name + ";q=" + v.quota() + ";w=" + FixedWindows.WINDOW.toSeconds());
        if (!v.allowed()) {
            throw RateLimiter.refusal(v);
        }
    }
}
