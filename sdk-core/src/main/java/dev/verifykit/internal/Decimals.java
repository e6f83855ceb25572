package dev.verifykit.internal;

/** Decimal digits read in place, for the fixed-form times services send. */
public final class Decimals {
    private Decimals() {}

    /** The decimal value of {@code text[from, to)} (at most 9 digits), or -1 when a character is not a digit. */
    public static int of(CharSequence text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
