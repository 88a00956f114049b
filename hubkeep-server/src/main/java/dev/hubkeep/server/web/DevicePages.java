package dev.hubkeep.server.web;

import dev.hubkeep.server.errors.ConflictException;
import dev.hubkeep.server.errors.ForbiddenException;
import dev.hubkeep.server.errors.InvalidInputException;
import dev.hubkeep.server.errors.NotFoundException;
import dev.hubkeep.server.errors.RateLimitedException;
import dev.hubkeep.server.http.Failures;
import dev.hubkeep.server.http.Requests;
import dev.hubkeep.server.oauth.DeviceFlow;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The verification page of the browser login ({@code hf auth login}): the signed-in user types (or
 * follows a link carrying) the code their terminal shows, sees which client asks, from which
 * address and since when, and approves with a role, or denies. {@link DeviceFlow} keeps the rules.
 */
public final class DevicePages {

    public record DeviceView(Frame page, String typed, Optional<DeviceFlow.Request> request, String requestedAt,
            String expiresAt, Optional<String> error) {}

    public record DoneView(Frame page, boolean approved, String role) {}

    private final Pages pages;
    private final DeviceFlow flow;

    public DevicePages(Pages pages, DeviceFlow flow) {
        this.pages = pages;
        this.flow = flow;
    }

    /** {@code GET /oauth/device[?user_code=…]}. */
    public void show(Context ctx) {
        String typed = Optional.ofNullable(ctx.queryParam("user_code")).orElse("").strip();
        if (typed.isEmpty()) {
            pages.render(ctx, "device.jte", view(ctx, "", Optional.empty(), Optional.empty()));
            return;
        }
        try {
            pages.render(ctx, "device.jte", view(ctx, typed, Optional.of(flow.pending(Requests.user(ctx), typed)), Optional.empty()));
        } catch (NotFoundException | RateLimitedException e) {
            pages.render(ctx, Failures.status(e), "device.jte", view(ctx, typed, Optional.empty(), Optional.of(e.getMessage())));
        }
    }

    /** {@code POST /oauth/device/approve} with {@code user_code} and {@code role}. */
    public void approve(Context ctx) {
        String typed = Forms.text(ctx, "user_code");
        String role = Forms.text(ctx, "role");
        try {
            flow.approve(Requests.user(ctx), typed, role);
            pages.render(ctx, "device-done.jte", new DoneView(pages.frame(ctx, "Login approved"), true, role));
        } catch (NotFoundException | RateLimitedException | ConflictException | ForbiddenException | InvalidInputException e) {
            pages.render(ctx, Failures.status(e), "device.jte", view(ctx, typed, Optional.empty(), Optional.of(e.getMessage())));
        }
    }

    /** {@code POST /oauth/device/deny} with {@code user_code}. */
    public void deny(Context ctx) {
        String typed = Forms.text(ctx, "user_code");
        try {
            flow.deny(Requests.user(ctx), typed);
            pages.render(ctx, "device-done.jte", new DoneView(pages.frame(ctx, "Login denied"), false, ""));
        } catch (NotFoundException | RateLimitedException | ConflictException | ForbiddenException e) {
            pages.render(ctx, Failures.status(e), "device.jte", view(ctx, typed, Optional.empty(), Optional.of(e.getMessage())));
        }
    }

    private DeviceView view(Context ctx, String typed, Optional<DeviceFlow.Request> request, Optional<String> error) {
        String at = request.map(r -> When.format(r.requestedAt())).orElse("");
        String until = request.map(r -> When.format(r.expiresAt())).orElse("");
        return new DeviceView(pages.frame(ctx, "Device login"), typed, request, at, until, error);
    }
}
