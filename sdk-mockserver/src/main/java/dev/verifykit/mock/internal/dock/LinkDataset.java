package dev.verifykit.mock.internal.dock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/** Each pid's Discord → Roblox links with their versions. */
final class LinkDataset {

    record Link(String robloxId, int version, boolean changed, String previousRobloxId, String hash) {
    }

    private final Map<String, Map<String, Link>> byPid = new HashMap<>();

    Link link(String pid, String discordId, String robloxId) {
        Map<String, Link> links = byPid.computeIfAbsent(pid, p -> new HashMap<>());
        Link before = links.get(discordId);
        Link after;
        if (before == null) {
            after = new Link(robloxId, 1, false, null, hash(pid, discordId, robloxId, 1));
        } else if (before.robloxId.equals(robloxId)) {
            after = new Link(robloxId, before.version, false, null, before.hash);
        } else {
            int version = before.version + 1;
            after = new Link(robloxId, version, true, before.robloxId, hash(pid, discordId, robloxId, version));
        }
        links.put(discordId, after);
        return after;
    }

    void clear() {
        byPid.clear();
    }

    static String hash(String pid, String discordId, String robloxId, int version) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((pid + ":" + discordId + ":" + robloxId + ":" + version).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
