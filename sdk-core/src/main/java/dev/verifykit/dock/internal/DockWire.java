package dev.verifykit.dock.internal;

/** Dock's v2 wire shapes that are not part of the public model. Public only for Moshi. */
public final class DockWire {
    private DockWire() {}

    /** Every v2 response: {@code data} on success, {@code error} and {@code message} on failure. */
    public record Envelope<T>(Integer status, T data, String error, String message, Meta meta) {}

    /** Envelope metadata. */
    public record Meta(String requestId, String version, RateLimitMeta rateLimit) {}

    /** {@code meta.rateLimit}; scope {@code session_polls} marks a session's poll cap. */
    public record RateLimitMeta(String scope, Integer limit, Integer remaining) {}

    /** The body of {@code POST /v2/sessions}. */
    public record CreateBody(String pid, String clientId, String guildId) {}
}
