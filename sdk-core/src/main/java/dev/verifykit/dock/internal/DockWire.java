package dev.verifykit.dock.internal;

/** Dock's v2 wire shapes that are not part of the public model. Public only for Moshi. */
public final class DockWire {
    private DockWire() {}

    /** The body of {@code POST /v2/sessions}. */
    public record CreateBody(String pid, String clientId, String guildId) {}
}
