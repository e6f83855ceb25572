/** The mock's Roblox code-verification RPC: a tRPC v11 server under {@code /roblox}. */
package dev.verifykit.mock.internal.roblox;
