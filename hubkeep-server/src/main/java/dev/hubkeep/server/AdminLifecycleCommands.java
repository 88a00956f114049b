package dev.hubkeep.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The operator's account and organization lifecycle commands: {@code admin user
 * deactivate|reactivate|delete} and {@code admin org delete}. They work on the database directly,
 * and servers running on it hear of the change within about a second ({@code
 * store.OperatorChanges}); the API does the same at once.
 */
final class AdminLifecycleCommands {

    private AdminLifecycleCommands() {
    }

    /** What every {@code admin user} lifecycle command takes: where the hub's data is, and the account. */
    abstract static class OnAccount implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--username", required = true, description = "The account.")
        String username;
    }

    @Command(name = "deactivate", mixinStandardHelpOptions = true,
            description = "Deactivate an account: it cannot sign in, its sessions end and its tokens are revoked.")
    static final class DeactivateUser extends OnAccount {

        @Override
        public Integer call() {
            AdminCommand.runWithServices(options, services -> services.lifecycle().deactivateByOperator(username));
            System.out.println("Deactivated " + username + ": its sessions ended and its tokens are revoked.");
            return 0;
        }
    }

    @Command(name = "reactivate", mixinStandardHelpOptions = true,
            description = "Let a deactivated account sign in again (its revoked tokens stay revoked).")
    static final class ReactivateUser extends OnAccount {

        @Override
        public Integer call() {
            AdminCommand.runWithServices(options, services -> services.lifecycle().reactivateByOperator(username));
            System.out.println("Reactivated " + username + ".");
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {
        "Delete an account: tokens revoked, sessions ended, taken out of its organizations, email freed.",
        "Its repositories stay under its name until moved or deleted; its audit trail stays."
    })
    static final class DeleteUser extends OnAccount {

        @Override
        public Integer call() {
            AdminCommand.runWithServices(options, services -> services.lifecycle().deleteUserByOperator(username));
            System.out.println("Deleted " + username + ".");
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {
        "Delete an organization that has no repositories: its service accounts are deleted and their tokens revoked."
    })
    static final class DeleteOrg implements Callable<Integer> {

        @Mixin
        ServerOptions options;

        @Option(names = "--name", required = true, description = "The organization.")
        String name;

        @Override
        public Integer call() {
            AdminCommand.runWithServices(options, services -> services.lifecycle().deleteOrgByOperator(name));
            System.out.println("Deleted organization " + name + ".");
            return 0;
        }
    }
}
