package dev.verifykit.mock.internal.roblox;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Verification codes as the real server draws them: 6 digits (100000 to 999999), drawn again up to
 * 10 times while they collide with an active code, then 8 upper-case hex characters (always, when
 * forced).
 *
 * @param random where the codes come from
 * @param forceHex whether every code is the hex fallback
 */
record CodeSource(RandomGenerator random, boolean forceHex) {

    /** The 6-digit draws before the hex fallback: the server's first draw and its 10 retries. */
    static final int DIGIT_DRAWS = 11;

    String next(Predicate<String> active) {
        for (int draw = 0; draw < DIGIT_DRAWS && !forceHex; draw++) {
            String digits = Integer.toString(random.nextInt(100_000, 1_000_000));
            if (!active.test(digits)) {
                return digits;
            }
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            String hex = String.format(Locale.ROOT, "%08X", random.nextInt());
            if (!active.test(hex)) {
                return hex;
            }
        }
        throw new IllegalStateException("No free verification code after 1000 attempts");
    }
}
