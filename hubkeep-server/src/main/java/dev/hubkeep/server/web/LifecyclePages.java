package dev.hubkeep.server.web;

import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.orgs.Lifecycle;
import dev.hubkeep.server.orgs.Org;
import dev.hubkeep.server.orgs.OrgService;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The ends of memberships and organizations on the pages: a member leaves an organization (from its
 * page, after a confirmation), an admin deletes one (Settings → Delete organization, confirmed by
 * typing its name; while it holds repositories the page lists them instead). Through
 * {@link Lifecycle} after the routes' guards decided ({@code ORG_LEAVE}, {@code ORG_ADMIN}), as the
 * API's do.
 */
public final class LifecyclePages {

    public record LeaveView(Frame page, String org, Optional<String> error) {}

    /**
     * @param repos how many repositories the organization still holds (it is deleted only at 0)
     * @param named the first of them, as the Hub's clients name them
     */
    public record DeleteView(Frame page, OrgPages.SettingsHeader header, int repos, java.util.List<String> named,
            Optional<String> error) {

        public boolean more() {
            return repos > named.size();
        }
    }

    private final Pages pages;
    private final Lifecycle lifecycle;
    private final OrgService orgs;

    public LifecyclePages(Pages pages, Lifecycle lifecycle, OrgService orgs) {
        this.pages = pages;
        this.lifecycle = lifecycle;
        this.orgs = orgs;
    }

    /** {@code GET /organizations/{org}/leave}: the confirmation. */
    public void leaveForm(Context ctx) {
        Org org = orgs.get(ctx.pathParam("org"));
        pages.render(ctx, "org-leave.jte", new LeaveView(pages.frame(ctx, "Leave " + org.name()), org.name(), Optional.empty()));
    }

    /** {@code POST /organizations/{org}/leave}: the last admin is refused, and told what to do instead. */
    public void leave(Context ctx) {
        Org org = orgs.get(ctx.pathParam("org"));
        try {
            lifecycle.leave(Requests.user(ctx), org.name());
            Pages.seeOther(ctx, "/?notice=left");
        } catch (ConflictException e) {
            pages.render(ctx, Failures.status(e), "org-leave.jte", new LeaveView(pages.frame(ctx, "Leave " + org.name()),
                    org.name(), Optional.of(e.getMessage())));
        }
    }

    /** {@code GET /organizations/{org}/settings/delete}. */
    public void deleteForm(Context ctx) {
        deletePage(ctx, 200, Optional.empty());
    }

    /** {@code POST /organizations/{org}/settings/delete}: with the field {@code confirm} equal to its name. */
    public void delete(Context ctx) {
        Org org = orgs.get(ctx.pathParam("org"));
        if (!Forms.text(ctx, "confirm").equals(org.name())) {
            deletePage(ctx, 400, Optional.of("To delete it, type the organization's name, " + org.name()
                    + ", in the box: nothing was deleted."));
            return;
        }
        try {
            lifecycle.deleteOrg(Requests.user(ctx), org.name(), Requests.clientAddress(ctx));
            Pages.seeOther(ctx, "/?notice=org-deleted");
        } catch (ConflictException e) {
            deletePage(ctx, Failures.status(e), Optional.of(e.getMessage()));
        }
    }

    private void deletePage(Context ctx, int status, Optional<String> error) {
        Org org = orgs.get(ctx.pathParam("org"));
        Lifecycle.Remaining remaining = lifecycle.remaining(org.name());
        String base = "/organizations/" + Urls.segment(org.name()) + "/settings";
        pages.render(ctx, status, "org-delete.jte", new DeleteView(pages.frame(ctx, "Delete " + org.name()),
                new OrgPages.SettingsHeader(org.name(), base, "delete"), remaining.count(), remaining.named(), error));
    }
}
