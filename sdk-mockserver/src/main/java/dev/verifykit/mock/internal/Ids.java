package dev.verifykit.mock.internal;

import java.security.SecureRandom;

/** Random identifiers in the formats the services use. */
public final class Ids {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String base62(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return out.toString();
    }

    /** A random long from the same generator, for other random values (verification codes). */
    public static long nextLong() {
        return RANDOM.nextLong();
    }

    /** {@code req_} and 20 base62 characters. */
    public static String requestId() {
        return "req_" + base62(20);
    }

    /** An 18-digit Discord snowflake. */
    public static String discordId() {
        return digits(1 + RANDOM.nextInt(9), 17);
    }

    /** A Roblox user id of 8 to 10 digits. */
    public static String robloxId() {
        return digits(1 + RANDOM.nextInt(9), 7 + RANDOM.nextInt(3));
    }

    private static String digits(int first, int more) {
        StringBuilder out = new StringBuilder().append(first);
        for (int i = 0; i < more; i++) {
            out.append(RANDOM.nextInt(10));
        }
        return out.toString();
    }
}
