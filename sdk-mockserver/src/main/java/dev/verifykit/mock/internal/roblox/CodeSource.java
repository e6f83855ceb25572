package dev.verifykit.mock.internal.roblox;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Verification codes: 6 digits (100000 to 999999), or 8 upper-case hex characters when the digits
 * collide with an active code (or always, when forced).
 *
 * @param random where the codes come from
 * @param forceHex whether every code is the hex fallback
 */
record CodeSource(RandomGenerator random, boolean forceHex) {

    String next(Predicate<String> active) {
        String digits = Integer.toString(random.nextInt(100_000, 1_000_000));
        if (!forceHex && !active.test(digits)) {
            return digits;
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
