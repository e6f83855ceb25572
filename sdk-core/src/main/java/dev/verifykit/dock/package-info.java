/**
 * The Dock client: v2 verification sessions that link a Discord account to a Roblox account.
 *
 * <pre>{@code
 * try (DockClient dock = DockClient.builder().apiKey(System.getenv("DOCK_API_KEY")).build()) {
 *     DockSession session = dock.sessions().create(CreateSessionParams.builder()
 *             .pid("PID-ABC12345")
 *             .clientId("user_123")
 *             .build());
 *     redirect(session.verifyUrl());
 *     DockSession done = dock.sessions().awaitCompletion(session.id());
 *     done.result().ifPresent(link -> store(link.discordId(), link.robloxId()));
 * }
 * }</pre>
 *
 * <p>The client keeps every documented guardrail on its own side: it paces reads of a session
 * at the minimum poll interval, counts them against the plan's poll cap and stops before the
 * service would refuse, and mirrors the create bucket so that creates wait for a token instead of
 * being refused.
 */
package dev.verifykit.dock;
