/**
 * The Roblox code-verification RPC: {@link dev.verifykit.roblox.RobloxVerificationClient} for the
 * web or desktop side, {@link dev.verifykit.roblox.RobloxGameServerClient} for the game server.
 *
 * <pre>{@code
 * VerificationStart start = rpc.beginVerification();
 * show(start.code());                                    // the player enters it in the game
 * VerificationStatus done = rpc.awaitVerification(start.sessionId());
 * }</pre>
 */
package dev.verifykit.roblox;
