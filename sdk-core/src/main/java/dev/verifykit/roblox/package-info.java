/**
 * The Roblox code-verification RPC: {@link dev.verifykit.roblox.RobloxVerificationClient} for the
 * web or desktop side, {@link dev.verifykit.roblox.RobloxGameServerClient} for the game server.
 * Both take the server's root as base URL ({@code https://rpc.example.com}; procedures at
 * {@code https://rpc.example.com/auth.beginVerification}), or the prefix of a deployment that
 * mounts tRPC under one ({@code https://rpc.example.com/trpc}).
 *
 * <pre>{@code
 * VerificationStart start = rpc.beginVerification();
 * show(start.code());                                    // the player enters it in the game
 * VerificationStatus done = rpc.awaitVerification(start.sessionId());
 * }</pre>
 */
package dev.verifykit.roblox;
