package dev.hubkeep.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hubkeep repo create NAME [--type …] [--private] [--org ORG]}. */
@Command(name = "repo", description = "Manage repositories.", subcommands = RepoCommand.Create.class)
public final class RepoCommand {

    @Command(name = "create", description = "Create a repository in your namespace or an organization's.")
    static final class Create extends HubCommand {

        @Parameters(index = "0", paramLabel = "NAME", description = "The repository's name, or namespace/name.")
        String name;

        @Option(names = "--type", defaultValue = "model", description = "model, dataset or space (default: model).")
        String type;

        @Option(names = "--private", description = "Only you (or the organization's members) can see it.")
        boolean isPrivate;

        @Option(names = "--org", description = "Create it in this organization.")
        String org;

        @Override
        int run(HubClient client, PrintWriter out, Progress progress) {
            String namespace = org != null ? org : name.contains("/") ? name.substring(0, name.indexOf('/')) : client.whoami().name();
            String bare = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
            out.println(client.createRepo(RepoId.parse(namespace + "/" + bare, type), isPrivate));
            return ExitCodes.OK;
        }
    }
}
