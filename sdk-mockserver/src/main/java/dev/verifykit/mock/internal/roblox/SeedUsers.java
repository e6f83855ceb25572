package dev.verifykit.mock.internal.roblox;

import dev.verifykit.mock.MockRobloxUser;
import java.util.List;

/** The Roblox users the directory starts with (and returns to on reset). */
final class SeedUsers {

    static final List<MockRobloxUser> ALL = List.of(
            new MockRobloxUser("156319135", "builder", "Builder",
                    "https://tr.rbxcdn.com/30DAY-AvatarHeadshot-156319135-Png/420/420/AvatarHeadshot/Png/noFilter"),
            new MockRobloxUser("261", "mock_player", "Mock Player",
                    "https://tr.rbxcdn.com/30DAY-AvatarHeadshot-261-Png/420/420/AvatarHeadshot/Png/noFilter"),
            new MockRobloxUser("2000000001", "no_headshot", "No Headshot", null));

    private SeedUsers() {
    }
}
