package dev.hubkeep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hubkeep logout}: forgets the saved token (the token itself stays valid on the hub). */
@Command(name = "logout", description = "Forget the saved token ($HF_HOME/token). Revoke it on the hub to disable it.")
public final class LogoutCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ClientEnvironment environment = ClientEnvironment.current();
        boolean removed = TokenStore.remove(environment.tokenFile());
        spec.commandLine().getOut().println(removed
                ? "Logged out: removed " + environment.tokenFile() + "."
                : "Not logged in: there was no saved token at " + environment.tokenFile() + ".");
        if (environment.variable("HF_TOKEN").isPresent() || environment.variable("HUGGING_FACE_HUB_TOKEN").isPresent()) {
            spec.commandLine().getErr().println("Note: HF_TOKEN (or HUGGING_FACE_HUB_TOKEN) is still set in this environment.");
        }
        return ExitCodes.OK;
    }
}
