package dev.verifykit.mock.internal.roblox;

import dev.verifykit.mock.MockRobloxUser;

/** A signed-in player: the JWT issued and the user it was issued for. */
record Token(String jwt, MockRobloxUser user) {
}
