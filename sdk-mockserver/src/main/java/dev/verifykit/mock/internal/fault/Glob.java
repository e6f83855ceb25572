package dev.verifykit.mock.internal.fault;

import java.util.regex.Pattern;

/** A path pattern: {@code *} within one segment, {@code **} across segments; {@code *} or {@code **} alone match all. */
public final class Glob {

    private final String text;
    private final Pattern regex;

    private Glob(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    public static Glob of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a path pattern must not be blank");
        }
        String t = text.trim();
        if (t.equals("*") || t.equals("**")) {
            return new Glob(t, Pattern.compile(".*", Pattern.DOTALL));
        }
        if (!t.startsWith("/")) {
            throw new IllegalArgumentException("a path pattern starts with / (or is * for all): '" + t + "'");
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '*') {
                if (i + 1 < t.length() && t.charAt(i + 1) == '*') {
                    out.append(".*");
                    i++;
                } else {
                    out.append("[^/]*");
                }
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new Glob(t, Pattern.compile(out.toString(), Pattern.DOTALL));
    }

    public boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
