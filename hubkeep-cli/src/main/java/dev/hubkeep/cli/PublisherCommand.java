package dev.hubkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hubkeep publisher list | add | delete [--org ORG]}: the trusted publishers (keyless CI) of
 * your account or of an organization you administer (docs/trusted-publishers.md).
 */
@Command(name = "publisher", description = "Manage trusted publishers: CI identities that get short-lived tokens"
        + " without a stored secret (yours, or --org ORG's).",
        subcommands = {PublisherCommand.ListPublishers.class, PublisherCommand.Add.class, PublisherCommand.Delete.class})
public final class PublisherCommand {

    @Command(name = "list", description = "List the trusted publishers: id, name, issuer, claim rules, repositories, access.")
    static final class ListPublishers extends HubCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "An organization's publishers instead of yours.")
        String org;

        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            for (JsonNode publisher : client.publishers(Optional.ofNullable(org))) {
                out.println(describe(publisher));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", description = "Register a trusted publisher; prints it as list does.")
    static final class Add extends HubCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--issuer", required = true, paramLabel = "URL",
                description = "The OIDC issuer, e.g. https://token.actions.githubusercontent.com, https://gitlab.com.")
        String issuer;

        @Option(names = "--claim", required = true, paramLabel = "NAME=VALUE",
                description = "A claim the ID token must carry with exactly this value (repeat for more), e.g."
                        + " repository=acme/train, ref=refs/heads/main, sub=system:serviceaccount:ml:trainer.")
        List<String> claims = new ArrayList<>();

        @Option(names = "--repo", required = true, paramLabel = "REPO",
                description = "A repository its tokens may reach (repeat for more): ns/name, datasets/ns/name, spaces/ns/name.")
        List<String> repositories = new ArrayList<>();

        @Option(names = "--access", required = true, paramLabel = "read|write", description = "What its tokens may do there.")
        String access;

        @Option(names = "--lifetime", paramLabel = "MINUTES", description = "How long its tokens live (default and at most:"
                + " the hub's maximum, an hour unless its operator set less).")
        Integer lifetimeMinutes;

        @Option(names = "--audience", paramLabel = "AUD", description = "The aud the ID token must carry (default: the hub's URL).")
        String audience;

        @Option(names = "--org", paramLabel = "ORG", description = "Register it for an organization you administer.")
        String org;

        @Option(names = "--service-account", paramLabel = "NAME",
                description = "With --org: the organization's service account its tokens belong to.")
        String serviceAccount;

        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("name", name).put("issuer", issuer).put("access", access);
            ObjectNode rules = body.putObject("claims");
            parseClaims(claims).forEach(rules::put);
            repositories.forEach(body.putArray("repositories")::add);
            Optional.ofNullable(lifetimeMinutes).ifPresent(m -> body.put("lifetimeMinutes", m));
            Optional.ofNullable(audience).ifPresent(a -> body.put("audience", a));
            Optional.ofNullable(serviceAccount).ifPresent(s -> body.put("serviceAccount", s));
            out.println(describe(client.addPublisher(Optional.ofNullable(org), body.toString())));
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete a trusted publisher (by the id list shows); the tokens it got are revoked.")
    static final class Delete extends HubCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--org", paramLabel = "ORG", description = "An organization's publisher.")
        String org;

        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            client.deletePublisher(Optional.ofNullable(org), id);
            out.println("Deleted the trusted publisher " + id + "; the tokens it got are revoked.");
            return ExitCodes.OK;
        }
    }

    /** {@code NAME=VALUE} pairs; a value may itself hold {@code =}. */
    static Map<String, String> parseClaims(List<String> pairs) {
        Map<String, String> rules = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--claim takes NAME=VALUE, such as repository=acme/train, not '" + pair + "'.");
            }
            rules.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return rules;
    }

    private static String describe(JsonNode p) {
        List<String> rules = new ArrayList<>();
        p.path("claims").properties().forEach(rule -> rules.add(rule.getKey() + "=" + rule.getValue().asText()));
        List<String> repos = new ArrayList<>();
        p.path("repositories").forEach(repo -> repos.add(repo.asText()));
        return p.path("id").asText() + "  " + p.path("name").asText() + "  " + p.path("issuer").asText() + "  "
                + String.join(",", rules) + "  " + String.join(",", repos) + "  " + p.path("access").asText() + "  "
                + p.path("lifetimeMinutes").asText() + "m"
                + (p.path("serviceAccount").isTextual() ? "  as " + p.path("serviceAccount").asText() : "");
    }
}
