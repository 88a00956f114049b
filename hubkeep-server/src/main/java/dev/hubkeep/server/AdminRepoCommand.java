package dev.hubkeep.server;

import dev.hubkeep.server.repos.Repo;
import dev.hubkeep.server.repos.RepoCustodian;
import dev.hubkeep.server.repos.RepoService;
import dev.hubkeep.server.repos.RepoType;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hubkeep admin repo list|move|delete}: the repositories deleted accounts left, which nobody
 * else may move or delete ({@link RepoCustodian}; docs/operations.md). Audited as by
 * {@code operator}; the hub's administrators do the same through {@code /api/admin/repos/…} and the
 * account's page under /admin/users.
 */
@Command(
        name = "repo",
        mixinStandardHelpOptions = true,
        description = "Move or delete the repositories of deleted accounts.",
        subcommands = {AdminRepoCommand.ListLeft.class, AdminRepoCommand.Move.class, AdminRepoCommand.Delete.class})
final class AdminRepoCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the repositories a deleted account left.")
    static final class ListLeft implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--user", required = true, description = "The deleted account's username.")
        String user;

        @Override
        public Integer call() {
            List<Repo> left = AdminCommand.withServices(options, services -> services.custodian().leftBy(user));
            left.forEach(r -> System.out.println(r.type().singular() + "\t" + r.fullName() + "\t"
                    + (r.isPrivate() ? "private" : "public")));
            return 0;
        }
    }

    @Command(name = "move", mixinStandardHelpOptions = true, description = {
        "Move a deleted account's repository to a user or an organization (and a name there).",
        "Audited in the deleted account's log and in the receiving user's or organization's."
    })
    static final class Move implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--from", required = true, description = "The repository: deleted-user/name.")
        String from;

        @Option(names = "--to", required = true, description = "Where to: owner/name (a user or an organization).")
        String to;

        @Option(names = "--type", defaultValue = "model", description = "model, dataset or space (default: model).")
        String type;

        @Override
        public Integer call() {
            Repo moved = AdminCommand.withServices(options, services -> services.custodian()
                    .move(RepoCustodian.Actor.operator(), RepoType.fromSingular(type), from, to));
            System.out.println("Moved " + type + " " + from + " to " + moved.fullName() + ".");
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {
        "Delete a deleted account's repository: its files, history and settings, for good.",
        "Audited in the deleted account's log."
    })
    static final class Delete implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--repo", required = true, description = "The repository: deleted-user/name.")
        String repo;

        @Option(names = "--type", defaultValue = "model", description = "model, dataset or space (default: model).")
        String type;

        @Override
        public Integer call() {
            RepoType repoType = RepoType.fromSingular(type);
            String[] id = RepoService.splitId(repo, "--repo");
            AdminCommand.runWithServices(options,
                    services -> services.custodian().delete(RepoCustodian.Actor.operator(), repoType, id[0], id[1]));
            System.out.println("Deleted " + type + " " + repo + ".");
            return 0;
        }
    }
}
