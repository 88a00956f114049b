package dev.hubkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What {@code whoami-v2} says: the user, their organizations with roles, and the token used. */
public record Whoami(String name, Optional<String> fullname, List<Org> orgs, Optional<String> tokenName,
        Optional<String> tokenRole, Optional<String> expiresAt) {

    public record Org(String name, String role) {}

    static Whoami from(JsonNode json) {
        List<Org> orgs = new ArrayList<>();
        json.path("orgs").forEach(org -> orgs.add(new Org(org.path("name").asText(), org.path("roleInOrg").asText("member"))));
        JsonNode token = json.path("auth").path("accessToken");
        return new Whoami(json.path("name").asText(), text(json.path("fullname")), List.copyOf(orgs),
                text(token.path("displayName")), text(token.path("role")), text(json.path("auth").path("expiresAt")));
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.textValue().isBlank() ? Optional.of(node.textValue()) : Optional.empty();
    }
}
