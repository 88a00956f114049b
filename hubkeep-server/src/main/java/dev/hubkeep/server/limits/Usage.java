package dev.hubkeep.server.limits;

import java.util.List;

/**
 * What one account has used of its plan in the current window, bucket by bucket (the usage
 * endpoint and page). An unlimited plan has no gauges: nothing is counted for it.
 *
 * @param resetSeconds whole seconds until the window ends, when every gauge starts again at zero
 */
public record Usage(Plan plan, long windowSeconds, long resetSeconds, List<Gauge> gauges) {

    public Usage {
        gauges = List.copyOf(gauges);
    }

    /** One bucket: its quota in this window, what is used and what remains. */
    public record Gauge(Bucket bucket, long quota, long used, long remaining) {}
}
