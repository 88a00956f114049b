package dev.hubkeep.server.repos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hubkeep.server.accounts.User;
import dev.hubkeep.server.http.Json;
import dev.hubkeep.server.mail.OutgoingMail;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** The mails of gated access: to a repository's owners for each new request, to the requester when it is handled. */
final class AccessRequestMail {

    /** How much of what a requester filled in a mail shows: fields, and characters per value. */
    static final int MAX_FIELDS = 20;
    static final int MAX_VALUE = 500;

    private AccessRequestMail() {}

    /** To one of those who handle requests: who asked, what they filled in, and how to answer. */
    static OutgoingMail toOwner(User owner, User requester, Repo repo, String mode, String fieldsJson, String publicUrl) {
        String what = repo.type().singular() + " " + repo.fullName();
        String api = publicUrl + "/api/" + repo.type().plural() + "/" + repo.fullName() + "/user-access-request";
        StringBuilder text = new StringBuilder("Hello ").append(owner.username()).append(",\n\n")
                .append(requester.username());
        if (!requester.fullname().isBlank() && !requester.fullname().equals(requester.username())) {
            text.append(" (").append(oneLine(requester.fullname())).append(")");
        }
        text.append(" asked for access to the gated ").append(what).append(":\n")
                .append(publicUrl).append("/").append(repo.type().urlPrefix()).append(repo.fullName()).append("\n\n");
        String fields = fields(fieldsJson);
        text.append(fields.isEmpty() ? "They filled in nothing.\n\n" : "What they filled in:\n" + fields + "\n");
        if (mode.equals("auto")) {
            text.append("The repository accepts requests automatically, so ").append(requester.username())
                    .append(" can read it now. To take access back, reject the request:\n");
        } else {
            text.append("The request waits for you. Accept or reject it:\n");
        }
        text.append("  POST ").append(api).append("/handle\n")
                .append("  {\"user\": \"").append(requester.username()).append("\", \"status\": \"accepted\"}")
                .append("  (or \"rejected\", with an optional \"rejectionReason\")\n")
                .append("Pending requests: GET ").append(api).append("/pending\n")
                .append("Or on the page: ").append(publicUrl).append("/").append(repo.type().urlPrefix())
                .append(repo.fullName()).append("/access-requests\n\n")
                .append("You get this mail because you can handle access requests to ").append(what).append(".\n");
        return new OutgoingMail(owner.email(), requester.username() + " asked for access to " + what, text.toString());
    }

    /** To the requester, once an owner accepted or rejected the request. */
    static OutgoingMail toRequester(User requester, Repo repo, AccessRequest.Status status, Optional<String> reason,
            String publicUrl) {
        String what = repo.type().singular() + " " + repo.fullName();
        String url = publicUrl + "/" + repo.type().urlPrefix() + repo.fullName();
        boolean accepted = status == AccessRequest.Status.ACCEPTED;
        StringBuilder text = new StringBuilder("Hello ").append(requester.username()).append(",\n\n")
                .append("your request for access to the gated ").append(what).append(" was ")
                .append(accepted ? "accepted" : "rejected").append(".\n");
        if (accepted) {
            text.append("You can now download it and clone it, signed in or with an access token:\n").append(url).append("\n");
        } else {
            reason.ifPresent(r -> text.append("The reason given: ").append(oneLine(r)).append("\n"));
            text.append("A rejection stands: asking again does not reopen it. Contact the repository's owners if you"
                    + " think it was a mistake.\n");
        }
        return new OutgoingMail(requester.email(), "Your access request to " + what + " was "
                + (accepted ? "accepted" : "rejected"), text.toString());
    }

    /** The requester's fields as "  key: value" lines, bounded. */
    private static String fields(String fieldsJson) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(fieldsJson);
        } catch (IOException e) {
            return "";
        }
        if (node == null || !node.isObject()) {
            return "";
        }
        StringBuilder lines = new StringBuilder();
        int shown = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (shown++ == MAX_FIELDS) {
                lines.append("  (and ").append(node.size() - MAX_FIELDS).append(" more)\n");
                break;
            }
            String value = field.getValue().isTextual() ? field.getValue().textValue() : field.getValue().toString();
            lines.append("  ").append(bounded(oneLine(field.getKey()))).append(": ").append(bounded(oneLine(value))).append("\n");
        }
        return lines.toString();
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    private static String bounded(String text) {
        return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE) + "…";
    }
}
