package dev.hubkeep.cli;

import java.io.PrintWriter;

/** What a long transfer reports: a progress bar on a terminal, nothing when piped; notes always. */
public interface Progress {

    /** {@code done} of {@code total} bytes of {@code what} are through. */
    void advanced(String what, long done, long total);

    /** Something the user should know even when output is piped (e.g. a download resuming). */
    void note(String message);

    Progress QUIET = new Progress() {
        @Override
        public void advanced(String what, long done, long total) {}

        @Override
        public void note(String message) {}
    };

    /**
     * A {@link ProgressBar} on {@code err} when it is a terminal; otherwise only the notes. Names
     * and notes can carry what a hub sent, so they are printed through {@link Terminal#safe(String)}.
     */
    static Progress to(PrintWriter err, boolean terminal) {
        Progress shown = terminal ? new ProgressBar(err, System::nanoTime) : new Progress() {
            @Override
            public void advanced(String what, long done, long total) {}

            @Override
            public synchronized void note(String message) {
                err.println(message);
                err.flush();
            }
        };
        return new Progress() {
            @Override
            public void advanced(String what, long done, long total) {
                shown.advanced(Terminal.safe(what), done, total);
            }

            @Override
            public void note(String message) {
                shown.note(Terminal.safe(message));
            }
        };
    }
}
