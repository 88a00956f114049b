package dev.hubkeep.cli;

/** The client commands' exit codes: 0 done, 1 the hub (or the network) refused, 2 a usage or input error. */
final class ExitCodes {

    static final int OK = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;

    private ExitCodes() {}
}
