package dev.hubkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hubkeep token list | create | refresh | rename | delete}: your access tokens. */
@Command(name = "token", description = "Manage your access tokens (needs a session-equivalent: an admin token).",
        subcommands = {TokenCommand.ListTokens.class, TokenCommand.Create.class, TokenCommand.Refresh.class,
                TokenCommand.Rename.class, TokenCommand.Delete.class})
public final class TokenCommand {

    @Command(name = "list", description = "List your tokens (never their values).")
    static final class ListTokens extends HubCommand {
        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            for (JsonNode token : client.tokens()) {
                out.println(token.path("id").asText() + "  " + token.path("name").asText() + "  " + token.path("role").asText()
                        + (token.path("expiresAt").isTextual() ? "  expires " + token.path("expiresAt").asText() : ""));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "create", description = "Create a token; its value is printed once, alone on stdout.")
    static final class Create extends HubCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--role", defaultValue = "read", description = "read, write or admin (default: read).")
        String role;

        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            out.println(client.createToken(name, role).path("token").asText());
            return ExitCodes.OK;
        }
    }

    @Command(name = "refresh", description = "Replace a token's value; the new value is printed once.")
    static final class Refresh extends HubCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            out.println(client.refreshToken(id).path("token").asText());
            return ExitCodes.OK;
        }
    }

    @Command(name = "rename", description = "Rename a token.")
    static final class Rename extends HubCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            String before = client.token(id).path("name").asText();
            String after = client.renameToken(id, name).path("name").asText(name);
            out.println("Renamed the token \"" + before + "\" (" + id + ") to \"" + after + "\". Its value and role are unchanged.");
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete (revoke) a token.")
    static final class Delete extends HubCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            // Named before it goes, so the user sees which token they revoked, not only an id.
            String name = client.token(id).path("name").asText();
            client.deleteToken(id);
            out.println("Deleted the token \"" + name + "\" (" + id + "): it is revoked and no longer works anywhere.");
            return ExitCodes.OK;
        }
    }
}
