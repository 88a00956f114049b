package dev.hubkeep.server.http;

import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.auth.Authenticator;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.errors.UnauthenticatedException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.javalin.util.JavalinBindException;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import java.util.Set;

/**
 * Jetty, through Javalin, on virtual threads. Every route of the table runs behind the same
 * preamble: authenticate, count the request against its rate limit ({@link RateLimits}), apply the
 * route's guard, refuse cross-site form posts; then the handler.
 */
public final class HttpServer implements AutoCloseable {

    private static final Set<HandlerType> SAFE_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    /**
     * The most a form's fields (everything but its files) may hold together, which Jetty reads into
     * memory: a file edited in a page travels in one. Forms posted URL-encoded stay within
     * {@link JsonBody#MAX_BYTES}, as every body read whole.
     */
    public static final int MAX_FORM_FIELDS_BYTES = 3 * 1024 * 1024;
    /** How long a stopping server lets requests in flight finish. */
    private static final long STOP_TIMEOUT_MILLIS = 30_000;
    /**
     * Requests run on Jetty's pool of platform threads, at most this many at once; more wait in its
     * queue. Each transfer in flight (a clone, an LFS or Xet transfer, a streamed inference answer)
     * holds one thread. Running every request on a new virtual thread instead (Javalin's option)
     * cost as much CPU per request but about a tenth less rate, and a pool of platform threads
     * handing each request to a virtual thread cost 40 % more CPU (docs/performance.md): both hand
     * every request from the thread that read it to another, where Jetty's own pool lets the
     * reading thread run it.
     */
    static final int MAX_REQUEST_THREADS = 500;

    private final Javalin app;
    private final Authenticator authenticator;
    private final Facts facts;
    private final RepoResolver repos;
    private final ScrapeSecret scrapeSecret;
    private final XetGate xetGate;
    private final PageSupport pages;
    private final RateLimits rateLimits;

    /** Admits a request to a Xet CAS route by its Xet token, or throws the refusal. */
    @FunctionalInterface
    public interface XetGate {
        void admit(Context ctx, Guard.XetCas guard);
    }

    public HttpServer(
            List<Route> routes,
            Authenticator authenticator,
            Facts facts,
            RepoResolver repos,
            ScrapeSecret scrapeSecret,
            XetGate xetGate,
            RequestLog requestLog,
            List<Consumer<ServletContextHandler>> servletMounts,
            PageSupport pages,
            RateLimits rateLimits) {
        this.rateLimits = rateLimits;
        this.authenticator = authenticator;
        this.facts = facts;
        this.repos = repos;
        this.scrapeSecret = scrapeSecret;
        this.xetGate = xetGate;
        this.pages = pages;
        this.app = Javalin.create(cfg -> {
            // First: the exception mappers below are added to it. Javalin calls this state "unsafe"
            // (internal, may change between versions): its version is pinned, IndexedRouterTest checks it.
            cfg.unsafe.internalRouter = new IndexedRouter(cfg.unsafe);
            cfg.jetty.threadPool = requestThreads();
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = JsonBody.MAX_BYTES;
            // Multipart bodies read through Javalin (a form's fields) as bounded as any other body;
            // a page that takes files sets its own, larger bounds on the request (PageSupport.admit).
            cfg.jetty.multipartConfig.maxTotalRequestSize(JsonBody.MAX_BYTES, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxFileSize(JsonBody.MAX_BYTES, SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(JsonBody.MAX_BYTES, SizeUnit.BYTES);
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), true));
            cfg.jetty.modifyServer(server -> {
                // Jetty 12 waits for requests in flight at stop only behind a GracefulHandler.
                server.insertHandler(new GracefulHandler());
                // Before anything routes: a path with two readings is refused, not guessed at.
                server.insertHandler(new AmbiguousPaths());
                server.setStopTimeout(STOP_TIMEOUT_MILLIS);
            });
            cfg.requestLogger.http(requestLog::record);
            cfg.jetty.modifyServletContextHandler(handler -> handler.setMaxFormContentSize(MAX_FORM_FIELDS_BYTES));
            // Servlets beside the route table (git's smart HTTP), each behind its own checks.
            servletMounts.forEach(mount -> cfg.jetty.modifyServletContextHandler(mount::accept));
            cfg.routes.exception(HubException.class, (e, ctx) -> {
                if (PageSupport.wantsPage(ctx, Requests.isPage(ctx), false)) {
                    pages.failure(ctx, e);
                } else {
                    ErrorMapping.hubException(e, ctx);
                }
            });
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
                if (PageSupport.wantsPage(ctx, Requests.isPage(ctx), !Requests.isRouted(ctx))) {
                    pages.failure(ctx, e.getStatus(), ErrorMapping.frameworkMessage(e, ctx));
                } else {
                    ErrorMapping.frameworkException(e, ctx);
                }
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                if (PageSupport.wantsPage(ctx, Requests.isPage(ctx), false)) {
                    ErrorMapping.log(e, ctx);
                    pages.failure(ctx, 500, ErrorMapping.UNEXPECTED);
                } else {
                    ErrorMapping.unexpected(e, ctx);
                }
            });
            for (Route route : routes) {
                cfg.routes.addEndpoint(new Endpoint(route.method(), route.path(), ctx -> handle(route, ctx)));
            }
        });
    }

    private void handle(Route route, Context ctx) throws Exception {
        try {
            admitAndHandle(route, ctx);
        } finally {
            // After the handler or its refusal, before the answer is written.
            UnreadBody.dropAfterAnswer(ctx.req());
            if (route.takesFiles()) {
                pages.release(ctx);
            }
        }
    }

    private void admitAndHandle(Route route, Context ctx) throws Exception {
        CachePolicy.defaults(ctx);
        Requests.markRouted(ctx, route);
        if (route.page()) {
            pages.enter(ctx);
        }
        // Routes that admit by something other than an account: checked before any account authentication.
        if (route.guard() instanceof Guard.Scraper) {
            if (!scrapeSecret.admits(Requests.header(ctx, "Authorization"))) {
                throw new UnauthenticatedException("The metrics need the scrape secret as a bearer token: it is in the"
                        + " file secrets/metrics-token of the hub's data directory.");
            }
            route.handler().handle(ctx);
            return;
        }
        if (route.guard() instanceof Guard.SignedLink) {
            route.handler().handle(ctx);
            return;
        }
        if (route.guard() instanceof Guard.XetCas xet) {
            xetGate.admit(ctx, xet);
            route.handler().handle(ctx);
            return;
        }
        Principal principal = authenticator.authenticate(
                Requests.header(ctx, "Authorization"), SessionCookie.read(ctx), Requests.clientAddress(ctx));
        Requests.setPrincipal(ctx, principal);
        rateLimits.admit(route, ctx, principal); // before any work: a spent bucket costs nothing more
        route.guard().check(principal, ctx, facts, repos);
        if (principal instanceof Principal.Authenticated user
                && user.credential() instanceof Principal.WebSession
                && !SAFE_METHODS.contains(ctx.method())) {
            refuseCrossSite(ctx);
            if (!route.page()) {
                CookieWrites.refuseFormShaped(ctx);
            }
        }
        if (route.page()) {
            pages.admit(ctx, principal);
        }
        RepackRetry.run(SAFE_METHODS.contains(ctx.method()), ctx.res()::isCommitted, () -> route.handler().handle(ctx));
    }

    /**
     * A cookie-authenticated change must come from our own pages. SameSite=Lax already keeps the
     * cookie off most cross-site posts; browsers also always send Origin on those, so a foreign
     * Origin is refused outright.
     */
    private static void refuseCrossSite(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return; // not a browser: curl and the Hub's clients send no Origin
        }
        if (!SameOrigin.matches(origin, ctx.scheme(), ctx.header("Host"))) {
            throw new ForbiddenException("Cross-site requests are not allowed with a session cookie.");
        }
    }

    /** Starts listening; an address or port the hub cannot take is a {@link CannotListenException} saying what to do. */
    public HttpServer start(String host, int port) {
        try {
            app.start(host, port);
        } catch (JavalinBindException e) {
            throw new CannotListenException(host, port, e);
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting connections, lets requests in flight finish, then returns. */
    @Override
    public void close() {
        app.stop();
    }

    private static QueuedThreadPool requestThreads() {
        QueuedThreadPool pool = new QueuedThreadPool(MAX_REQUEST_THREADS, 8, 60_000);
        pool.setName("hubkeep-http");
        return pool;
    }
}
