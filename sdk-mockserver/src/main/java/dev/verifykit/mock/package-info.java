/** The reference mock server of Dock, the Roblox code-verification RPC and Dokai. */
package dev.verifykit.mock;
