package dev.hubkeep.server.web;

import java.util.Optional;

/**
 * What the layout around every page needs: its title, who is signed in, the token its forms
 * carry, and where the static files are.
 *
 * @param user the signed-in user's name; empty for a visitor
 * @param emailVerified whether the signed-in user's email is verified (a banner says how otherwise)
 * @param instanceAdmin whether the user administers the hub (the menu links its pages; a hint only, their routes decide)
 */
public record Frame(String title, Optional<String> user, boolean emailVerified, boolean instanceAdmin, String csrf,
        String css, String htmx, String script) {

    public boolean signedIn() {
        return user.isPresent();
    }
}
