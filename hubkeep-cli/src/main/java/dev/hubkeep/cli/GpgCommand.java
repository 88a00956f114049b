package dev.hubkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hubkeep gpg add FILE | list | delete ID}: the OpenPGP keys the hub checks your signed commits with. */
@Command(name = "gpg", description = "Manage the OpenPGP keys your signed commits are verified with.",
        subcommands = {GpgCommand.Add.class, GpgCommand.ListKeys.class, GpgCommand.Delete.class})
public final class GpgCommand {

    @Command(name = "add", description = "Add a public key: a file with the output of `gpg --armor --export KEYID`, or - for stdin.")
    static final class Add extends HubCommand {
        @Parameters(index = "0", paramLabel = "FILE")
        String file;

        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            JsonNode key = client.addGpgKey(read(file));
            out.println(describe(key));
            return ExitCodes.OK;
        }

        private static String read(String file) {
            try {
                return file.equals("-")
                        ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + file, e);
            }
        }
    }

    @Command(name = "list", description = "List your keys: id, key id, emails, expiry.")
    static final class ListKeys extends HubCommand {
        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            for (JsonNode key : client.gpgKeys()) {
                out.println(describe(key));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "delete", description = "Delete a key (by the id `gpg list` shows); commits already checked keep their status.")
    static final class Delete extends HubCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            client.deleteGpgKey(id);
            return ExitCodes.OK;
        }
    }

    private static String describe(JsonNode key) {
        StringBuilder emails = new StringBuilder();
        key.path("emails").forEach(email -> emails.append(emails.isEmpty() ? "" : ",").append(email.asText()));
        return key.path("id").asText() + "  " + key.path("keyId").asText() + "  " + emails
                + (key.path("expiresAt").isTextual() ? "  expires " + key.path("expiresAt").asText() : "");
    }
}
