package dev.hubkeep.server.web;

import dev.hubkeep.server.accounts.AccountService;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.orgs.Lifecycle;
import dev.hubkeep.server.repos.RepoCustodian;
import dev.hubkeep.server.repos.RepoType;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub's administrators' pages: the people's accounts ({@code /admin/users}, 100 a page, found by
 * the start of their name) and one account's page with Deactivate, Reactivate and Delete, each
 * saying what it does before it is done (deleting also asks for the name typed). Through
 * {@link Lifecycle} after the routes' guards decided ({@code USERS_ADMIN}: an administrator's session
 * or admin token), as {@code /api/admin/users/…} do. A deleted account's page lists the
 * repositories it left, each with Move and Delete ({@link RepoCustodian}, as {@code /api/admin/repos/…}).
 */
public final class AdminPages {

    static final int PAGE = 100;
    static final int MAX_QUERY = 64;
    private static final Map<String, String> NOTICES = Map.of(
            "deactivated", "The account is deactivated: it cannot sign in, and its sessions and tokens are ended.",
            "reactivated", "The account is reactivated: it can sign in again. Its old tokens stay revoked.",
            "deleted", "The account is deleted.",
            "repo-moved", "The repository is moved.",
            "repo-deleted", "The repository is deleted.");

    /** @param status active, deactivated or deleted */
    public record UserLine(String username, String fullname, String email, String status, boolean admin, boolean verified,
            String created) {}

    public record ListView(Frame page, List<UserLine> users, String query, Optional<String> next, Optional<String> notice) {}

    /** A repository a deleted account left: its type, {@code ns/name}, and where its pages are. */
    public record RepoLine(String type, String fullName, String url, boolean isPrivate) {}

    /**
     * @param self whether it is the administrator's own account (changed elsewhere: by another administrator or the operator)
     * @param left for a deleted account, the repositories it left (to move or delete)
     */
    public record UserView(Frame page, UserLine user, boolean self, List<RepoLine> left, Optional<String> error,
            Optional<String> notice) {}

    private final Pages pages;
    private final AccountService accounts;
    private final Lifecycle lifecycle;
    private final RepoCustodian custodian;

    public AdminPages(Pages pages, AccountService accounts, Lifecycle lifecycle, RepoCustodian custodian) {
        this.pages = pages;
        this.accounts = accounts;
        this.lifecycle = lifecycle;
        this.custodian = custodian;
    }

    /** {@code GET /admin/users?q=…&after=…}. */
    public void users(Context ctx) {
        String query = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        if (query.length() > MAX_QUERY) {
            query = query.substring(0, MAX_QUERY);
        }
        List<User> found = accounts.listPeople(query, Optional.ofNullable(ctx.queryParam("after")), PAGE + 1);
        List<User> shown = found.subList(0, Math.min(found.size(), PAGE));
        Optional<String> next = found.size() > PAGE
                ? Optional.of("/admin/users?q=" + Urls.segment(query) + "&after=" + Urls.segment(shown.getLast().username()))
                : Optional.empty();
        pages.render(ctx, "admin-users.jte", new ListView(pages.frame(ctx, "Accounts"),
                shown.stream().map(AdminPages::line).toList(), query, next, notice(ctx)));
    }

    /** {@code GET /admin/users/{user}}: the account, and what may be done to it. */
    public void user(Context ctx) {
        userPage(ctx, 200, Optional.empty(), notice(ctx));
    }

    /** {@code POST /admin/users/{user}/deactivate}. */
    public void deactivate(Context ctx) {
        act(ctx, () -> lifecycle.deactivate(Requests.user(ctx), ctx.pathParam("user"), Requests.clientAddress(ctx)),
                "deactivated");
    }

    /** {@code POST /admin/users/{user}/reactivate}. */
    public void reactivate(Context ctx) {
        act(ctx, () -> lifecycle.reactivate(Requests.user(ctx), ctx.pathParam("user"), Requests.clientAddress(ctx)),
                "reactivated");
    }

    /** {@code POST /admin/users/{user}/delete}: with the field {@code confirm} equal to the username. */
    public void delete(Context ctx) {
        User user = person(ctx);
        if (!Forms.text(ctx, "confirm").equals(user.username())) {
            userPage(ctx, 400, Optional.of("To delete the account, type its username, " + user.username()
                    + ", in the box: nothing was deleted."), Optional.empty());
            return;
        }
        try {
            lifecycle.deleteUser(Requests.user(ctx), user.username(), Requests.clientAddress(ctx));
            Pages.seeOther(ctx, "/admin/users?done=deleted");
        } catch (InvalidInputException | ConflictException e) {
            userPage(ctx, Failures.status(e), Optional.of(e.getMessage()), Optional.empty());
        }
    }

    /** {@code POST /admin/users/{user}/repos/move}: one of a deleted account's repositories, to a living namespace. */
    public void moveRepo(Context ctx) {
        User user = person(ctx);
        String to = Forms.text(ctx, "to");
        act(ctx, () -> {
            if (!to.matches("[^/]+/[^/]+")) {
                throw new InvalidInputException("Move it to: a user or organization and a name, such as acme/model.");
            }
            custodian.move(RepoCustodian.Actor.admin(Requests.user(ctx), Requests.clientAddress(ctx)),
                    RepoType.fromSingular(Forms.text(ctx, "type")), leftBy(user, Forms.text(ctx, "repo")), to);
        }, "repo-moved");
    }

    /** {@code POST /admin/users/{user}/repos/delete}: with the field {@code confirm} equal to the repository's {@code ns/name}. */
    public void deleteRepo(Context ctx) {
        User user = person(ctx);
        String repo = Forms.text(ctx, "repo");
        act(ctx, () -> {
            String[] id = leftBy(user, repo).split("/", 2);
            if (!Forms.text(ctx, "confirm").equals(repo)) {
                throw new InvalidInputException("To delete " + repo + ", type its name, " + repo
                        + ", in the box: nothing was deleted.");
            }
            custodian.delete(RepoCustodian.Actor.admin(Requests.user(ctx), Requests.clientAddress(ctx)),
                    RepoType.fromSingular(Forms.text(ctx, "type")), id[0], id[1]);
        }, "repo-deleted");
    }

    /** {@code repo} ({@code ns/name}), which must be in the account's namespace: this page acts on its repositories only. */
    private static String leftBy(User user, String repo) {
        int slash = repo.indexOf('/');
        if (slash <= 0 || !repo.substring(0, slash).equalsIgnoreCase(user.username())) {
            throw new InvalidInputException("Pick one of " + user.username() + "'s repositories.");
        }
        return repo;
    }

    private void act(Context ctx, Runnable action, String done) {
        User user = person(ctx);
        try {
            action.run();
            Pages.seeOther(ctx, "/admin/users/" + Urls.segment(user.username()) + "?done=" + done);
        } catch (InvalidInputException | ConflictException | NotFoundException e) {
            userPage(ctx, Failures.status(e), Optional.of(e.getMessage()), Optional.empty());
        }
    }

    private void userPage(Context ctx, int status, Optional<String> error, Optional<String> notice) {
        User user = person(ctx);
        List<RepoLine> left = custodian.leftBy(user.username()).stream()
                .map(r -> new RepoLine(r.type().singular(), r.fullName(), "/" + r.type().urlPrefix() + Urls.segment(r.namespace())
                        + "/" + Urls.segment(r.name()), r.isPrivate()))
                .toList();
        pages.render(ctx, status, "admin-user.jte", new UserView(pages.frame(ctx, "Account " + user.username()), line(user),
                user.id().equals(Requests.user(ctx).userId()), left, error, notice));
    }

    /** A person's account, deleted or not; service accounts are their organizations' to manage. */
    private User person(Context ctx) {
        String name = ctx.pathParam("user");
        return accounts.findByUsername(name).filter(u -> !u.isService())
                .orElseThrow(() -> new NotFoundException("No user named '" + name + "'."));
    }

    private static UserLine line(User user) {
        String status = user.deletedAt().isPresent() ? "deleted" : user.active() ? "active" : "deactivated";
        return new UserLine(user.username(), user.fullname(), user.deletedAt().isPresent() ? "" : user.email(), status,
                user.isAdmin(), user.emailVerified(), When.format(user.createdAt()));
    }

    private static Optional<String> notice(Context ctx) {
        return Optional.ofNullable(NOTICES.get(Optional.ofNullable(ctx.queryParam("done")).orElse("")));
    }
}
