package dev.hubkeep.server.http;

import dev.hubkeep.server.errors.HubException;

/** For a page that shows a failure in place (a form with its error): the status the failure stands for. */
public final class Failures {

    private Failures() {}

    public static int status(HubException e) {
        return ErrorMapping.status(e);
    }
}
