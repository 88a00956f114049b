package dev.hubkeep.server.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubkeep.server.access.Facts;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.Json;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.repos.AccessRequest;
import dev.hubkeep.server.repos.GatedAccess;
import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.repos.RepoType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gated repositories on the pages: the requester's <b>Request access</b> form (and where their
 * request stands), and the list its owners accept or reject requests from. The same
 * {@link GatedAccess} as the API's {@code ask-access} and {@code user-access-request} endpoints,
 * behind the same guards ({@code REPO_REQUEST_ACCESS}, {@code REPO_WRITE}).
 */
public final class GatedPages {

    /** The most requests of each status the owners' page lists. */
    static final int LISTED = 500;
    /** The longest message a requester may leave. */
    static final int MAX_MESSAGE = 1000;

    public record AskView(Frame page, String fullName, String base, String mode, String status, Optional<String> error) {}

    public record RequestLine(String username, String fullname, String status, String when, String message,
            String rejectionReason) {}

    public record ListView(Frame page, RepoPages.Header header, List<RequestLine> pending, List<RequestLine> accepted,
            List<RequestLine> rejected, Optional<String> error, Optional<String> notice) {}

    private final Pages pages;
    private final RepoService repos;
    private final GatedAccess gating;
    private final RepoHeaders headers;

    public GatedPages(Pages pages, RepoService repos, GatedAccess gating, Facts facts) {
        this.pages = pages;
        this.repos = repos;
        this.gating = gating;
        this.headers = new RepoHeaders(facts);
    }

    /** {@code GET /{ns}/{name}/access-request}: where the reader's request stands, and the form to ask. */
    public Handler askForm(RepoType type) {
        return ctx -> askPage(ctx, 200, repo(ctx, type), Optional.empty());
    }

    /** {@code POST /{ns}/{name}/access-request}: asks, with an optional message to the owners. */
    public Handler ask(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            String message = Forms.text(ctx, "message");
            try {
                if (message.length() > MAX_MESSAGE) {
                    throw new InvalidInputException("Keep the message to " + MAX_MESSAGE + " characters.");
                }
                ObjectNode fields = Json.mapper().createObjectNode();
                if (!message.isEmpty()) {
                    fields.put("message", message);
                }
                gating.ask(repo, Requests.user(ctx).userId(), fields.toString());
                Pages.seeOther(ctx, RepoPages.webPath(repo.type(), repo.fullName()) + "/access-request");
            } catch (InvalidInputException | ForbiddenException e) {
                askPage(ctx, Failures.status(e), repo, Optional.of(e.getMessage()));
            }
        };
    }

    /** {@code POST /{ns}/{name}/access-request/cancel}: withdraws a pending request. */
    public Handler cancel(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            gating.cancel(repo, Requests.user(ctx).userId());
            Pages.seeOther(ctx, RepoPages.webPath(repo.type(), repo.fullName()) + "/access-request");
        };
    }

    /** {@code GET /{ns}/{name}/access-requests}: pending, accepted and rejected requests, for the owners. */
    public Handler list(RepoType type) {
        return ctx -> {
            Optional<String> notice = "saved".equals(ctx.queryParam("done")) ? Optional.of("Done.") : Optional.empty();
            listPage(ctx, 200, repo(ctx, type), Optional.empty(), notice);
        };
    }

    /** {@code POST /{ns}/{name}/access-requests/handle}: accept, reject (with an optional reason) or set back to pending. */
    public Handler handle(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            try {
                AccessRequest.Status status = AccessRequest.Status.fromWire(Forms.text(ctx, "status"))
                        .orElseThrow(() -> new InvalidInputException("The decision is accepted, rejected or pending."));
                String reason = Forms.text(ctx, "rejectionReason");
                gating.handle(repo, Forms.text(ctx, "user"), status,
                        Optional.of(reason).filter(r -> !r.isEmpty() && status == AccessRequest.Status.REJECTED));
                Pages.seeOther(ctx, RepoPages.webPath(repo.type(), repo.fullName()) + "/access-requests?done=saved");
            } catch (InvalidInputException | NotFoundException e) {
                listPage(ctx, Failures.status(e), repo, Optional.of(e.getMessage()), Optional.empty());
            }
        };
    }

    /** {@code POST /{ns}/{name}/access-requests/grant}: access for a user who never asked. */
    public Handler grant(RepoType type) {
        return ctx -> {
            Repo repo = repo(ctx, type);
            try {
                gating.grant(repo, Forms.text(ctx, "user"));
                Pages.seeOther(ctx, RepoPages.webPath(repo.type(), repo.fullName()) + "/access-requests?done=saved");
            } catch (InvalidInputException | NotFoundException e) {
                listPage(ctx, Failures.status(e), repo, Optional.of(e.getMessage()), Optional.empty());
            }
        };
    }

    private void askPage(Context ctx, int status, Repo repo, Optional<String> error) {
        if (repo.gated().isEmpty()) {
            throw new InvalidInputException(repo.fullName() + " is not gated: there is no access to ask for.");
        }
        String standing = gating.statusOf(repo, Requests.user(ctx).userId()).map(AccessRequest.Status::wireName).orElse("none");
        pages.render(ctx, status, "access-request.jte", new AskView(pages.frame(ctx, "Request access · " + repo.fullName()),
                repo.fullName(), RepoPages.webPath(repo.type(), repo.fullName()), repo.gated().get(), standing, error));
    }

    private void listPage(Context ctx, int status, Repo repo, Optional<String> error, Optional<String> notice) {
        List<List<RequestLine>> byStatus = new ArrayList<>();
        for (AccessRequest.Status s : AccessRequest.Status.values()) {
            byStatus.add(gating.list(repo, s).stream().limit(LISTED).map(GatedPages::line).toList());
        }
        pages.render(ctx, status, "access-requests.jte", new ListView(pages.frame(ctx, "Access requests · " + repo.fullName()),
                headers.of(ctx, repo, RepoPages.DEFAULT_REVISION, "requests"), byStatus.get(0), byStatus.get(1),
                byStatus.get(2), error, notice));
    }

    private static RequestLine line(AccessRequest request) {
        // What they filled in: this page's message, or the fields a client of the API sent.
        StringBuilder message = new StringBuilder();
        try {
            var fields = Json.mapper().readTree(request.fieldsJson()).fields();
            for (int n = 0; fields.hasNext() && n < 20; n++) {
                var field = fields.next();
                String value = field.getValue().isTextual() ? field.getValue().textValue() : field.getValue().toString();
                message.append(message.isEmpty() ? "" : "; ").append(field.getKey().equals("message") ? "" : field.getKey() + ": ")
                        .append(value.length() > 500 ? value.substring(0, 500) + "…" : value);
            }
        } catch (java.io.IOException e) {
            // written by this hub as JSON; unreadable means nothing to show
        }
        return new RequestLine(request.username(), request.fullname(), request.status().wireName(),
                When.format(request.updatedAt()), message.toString(), request.rejectionReason().orElse(""));
    }

    private Repo repo(Context ctx, RepoType type) {
        return repos.get(type, ctx.pathParam("ns"), ctx.pathParam("name"));
    }
}
