package dev.hubkeep.server.scan;

import java.io.IOException;

/** One way of looking at a file. Engines are stateless and shared by every worker. */
interface Engine {

    String name();

    /** Whether this engine has anything to say about this file (by its first bytes, size and path). */
    boolean appliesTo(ScanInput input, byte[] head) throws IOException;

    /** Its verdict; never throws for bad content (that is a finding), only for failing to read it. */
    Finding scan(ScanInput input, byte[] head) throws IOException;
}
