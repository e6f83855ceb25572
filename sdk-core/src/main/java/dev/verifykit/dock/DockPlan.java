package dev.verifykit.dock;

/**
 * The Dock plan of your API key, which sets the poll cap of each session (reads and stream opens).
 *
 * <pre>{@code
 * DockClient dock = DockClient.builder().apiKey(key).plan(DockPlan.PREMIUM).build();
 * }</pre>
 */
public enum DockPlan {
    /** 60 reads per session. */
    FREE,
    /** 150 reads per session. */
    PREMIUM
}
