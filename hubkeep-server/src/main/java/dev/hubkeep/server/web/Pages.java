package dev.hubkeep.server.web;

import dev.hubkeep.server.auth.PepperRing;
import dev.hubkeep.protocol.ErrorCode;
import dev.hubkeep.server.auth.Principal;
import dev.hubkeep.server.errors.HubException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.PageSupport;
import dev.hubkeep.server.http.Requests;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Renders the pages and carries out what the pipeline asks of them ({@link PageSupport}): security
 * headers, the CSRF check of every form, failures as pages. Templates are compiled with the hub
 * (src/main/jte, checked against the view records they take) and escape everything they print
 * unless told otherwise, which only the rendered README is.
 */
public final class Pages implements PageSupport {

    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(
            null, ContentType.Html, Pages.class.getClassLoader(), "dev.hubkeep.server.web.templates");
    private final Csrf csrf;
    private final Assets assets;
    private final FormFiles formFiles;
    private final Predicate<Principal> instanceAdmin;

    /** @param instanceAdmin whether the caller administers the hub (from the decision's cached facts) */
    public Pages(PepperRing csrfKey, Assets assets, FormFiles formFiles, Predicate<Principal> instanceAdmin) {
        this.csrf = new Csrf(csrfKey);
        this.assets = assets;
        this.formFiles = formFiles;
        this.instanceAdmin = instanceAdmin;
    }

    /** The bounds of what a form may upload. */
    public FormFiles formFiles() {
        return formFiles;
    }

    /** The layout's facts for this request. */
    public Frame frame(Context ctx, String title) {
        Principal principal = Requests.principal(ctx);
        Optional<String> user = principal instanceof Principal.Authenticated a ? Optional.of(a.username()) : Optional.empty();
        boolean verified = !(principal instanceof Principal.Authenticated a) || a.emailVerified();
        boolean admin = user.isPresent() && instanceAdmin.test(principal);
        return new Frame(title, user, verified, admin, csrf.token(ctx), assets.url("hubkeep.css"),
                assets.url("htmx.min.js"), assets.url("hubkeep.js"));
    }

    /** Renders template {@code name} (under src/main/jte) with its one view. */
    public void render(Context ctx, int status, String name, Object view) {
        StringOutput out = new StringOutput();
        engine.render(name, view, out);
        ctx.status(status).html(out.toString());
    }

    public void render(Context ctx, String name, Object view) {
        render(ctx, 200, name, view);
    }

    /** After a change: the page to look at next (303, so reloading does not post again). */
    public static void seeOther(Context ctx, String location) {
        ctx.redirect(location, HttpStatus.SEE_OTHER);
    }

    @Override
    public void enter(Context ctx) {
        SecurityHeaders.apply(ctx);
    }

    @Override
    public void admit(Context ctx, Principal principal) {
        if (!SAFE.contains(ctx.method())) {
            formFiles.admit(ctx); // a multipart body: refused, or read within its bounds (the token is in it)
            csrf.check(ctx, principal);
        }
    }

    @Override
    public void release(Context ctx) {
        FormFiles.release(ctx);
    }

    /** The view of an error page, with the way on when there is one (a link and its label). */
    public record ErrorView(Frame page, int status, String message, Optional<String> next, String nextLabel) {}

    /** A gated repository's page, refused to a signed-in reader: the refusal offers the Request access form. */
    @Override
    public void failure(Context ctx, HubException e) {
        int status = Failures.status(e);
        Optional<String> base = e.code().filter(ErrorCode.GATED_REPO::equals).filter(code -> status == 403)
                .flatMap(code -> repoBase(ctx));
        if (base.isEmpty()) {
            failure(ctx, status, e.getMessage());
            return;
        }
        SecurityHeaders.apply(ctx);
        ctx.header("Cache-Control", "no-store");
        render(ctx, status, "error.jte", new ErrorView(frame(ctx, "Access is restricted"), status, e.getMessage(),
                Optional.of(base.get() + "/access-request"), "Request access"));
    }

    /** {@code /[datasets/|spaces/]ns/name} of the repository page being answered. */
    private static Optional<String> repoBase(Context ctx) {
        Map<String, String> params = ctx.pathParamMap();
        if (!params.containsKey("ns") || !params.containsKey("name")) {
            return Optional.empty();
        }
        String prefix = ctx.path().startsWith("/datasets/") ? "/datasets/" : ctx.path().startsWith("/spaces/") ? "/spaces/" : "/";
        return Optional.of(prefix + Urls.segment(params.get("ns")) + "/" + Urls.segment(params.get("name")));
    }

    @Override
    public void failure(Context ctx, int status, String message) {
        SecurityHeaders.apply(ctx);
        ctx.header("Cache-Control", "no-store");
        if (status == 401) {
            // Back to this page after signing in; a form's target is no page to return to.
            String here = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
            seeOther(ctx, NextPath.login(SAFE.contains(ctx.method()) ? here : "/"));
            return;
        }
        String title = switch (status) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            case 429 -> "Too many requests";
            case 500 -> "Something went wrong";
            default -> "Cannot do that";
        };
        render(ctx, status, "error.jte", new ErrorView(frame(ctx, title), status, message, Optional.empty(), ""));
    }
}
