package dev.verifykit.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one list of secrets the test suite uses (API keys, the RPC verification secrets, webhook
 * secrets, JWTs), and a scan that names which of them a text contains, without repeating it.
 */
public final class KnownSecrets {
    /** Exact secrets used by the tests and the reference mock's defaults. */
    public static final List<String> LITERALS = List.of(
            "dock_test_free", "dock_test_premium",
            "game-secret-7d1f", "rbx_test_secret",
            "dk_test_mock", "dk_test_nokyc", "dk_test_wire_8c1e",
            // a proxy password, and its Proxy-Authorization value (Basic corp-user:proxy-pass-5e2a)
            "proxy-pass-5e2a", "Y29ycC11c2VyOnByb3h5LXBhc3MtNWUyYQ");

    /** Shapes of secrets: Dokai keys and webhook secrets, and JWTs (three base64url parts, the first a JSON header). */
    public static final List<Pattern> SHAPES = List.of(
            Pattern.compile("whsec_[A-Za-z0-9_]+"),
            Pattern.compile("dk_(?:test|live)_[A-Za-z0-9_]+"),
            Pattern.compile("eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]+"));

    private KnownSecrets() {}

    /** Which secrets (or shapes) the text contains, each masked; empty when none. */
    public static List<String> findIn(String text) {
        List<String> hits = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return hits;
        }
        for (String secret : LITERALS) {
            if (text.contains(secret)) {
                hits.add(mask(secret));
            }
        }
        for (Pattern shape : SHAPES) {
            Matcher m = shape.matcher(text);
            while (m.find()) {
                hits.add(mask(m.group()));
            }
        }
        return hits;
    }

    static String mask(String secret) {
        return secret.substring(0, Math.min(6, secret.length())) + "…(" + secret.length() + " chars)";
    }
}
