/** The mock's Roblox code-verification RPC (tRPC); a placeholder until it is built. */
package dev.verifykit.mock.internal.roblox;
