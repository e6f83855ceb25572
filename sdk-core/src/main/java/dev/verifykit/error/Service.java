package dev.verifykit.error;

/**
 * The remote service a request went to, carried by exceptions so a handler that serves several
 * flows can tell them apart.
 *
 * <pre>{@code
 * if (e.service().orElse(null) == Service.DOCK) { ... }
 * }</pre>
 */
public enum Service {
    /** Dock v2 verification sessions (Discord ↔ Roblox links). */
    DOCK("dock"),
    /** The Roblox code-verification RPC (a tRPC API). */
    ROBLOX("roblox"),
    /** Dokai hosted KYC sessions. */
    DOKAI("dokai");

    private final String label;

    Service(String label) {
        this.label = label;
    }

    /** The short lower-case name used in messages, e.g. {@code "dock"}. */
    public String label() {
        return label;
    }
}
