package dev.verifykit.mock.internal.fault;

/**
 * A path pattern: {@code *} within one segment, {@code **} across segments; {@code *} or {@code **}
 * alone match all. Matched in one pass over the path, in time proportional to the path's length
 * times the pattern's (a regular expression of {@code .*}s backtracked: a pattern with a few
 * {@code **} took seconds on a path of a hundred characters).
 */
public final class Glob {
    private static final char ONE_SEGMENT = '\uE000';
    private static final char ANY = '\uE001';

    private final String text;
    /** The pattern's characters, {@code *} as {@link #ONE_SEGMENT} and {@code **} as {@link #ANY}. */
    private final char[] tokens;
    /** Which tokens are wildcards (a literal character may be U+E000 or U+E001 too). */
    private final boolean[] wild;

    private Glob(String text, StringBuilder tokens, boolean[] wild) {
        this.text = text;
        this.tokens = tokens.toString().toCharArray();
        this.wild = wild;
    }

    public static Glob of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a path pattern must not be blank");
        }
        String t = text.trim();
        if (t.equals("*") || t.equals("**")) {
            return new Glob(t, new StringBuilder().append(ANY), new boolean[] {true});
        }
        if (!t.startsWith("/")) {
            throw new IllegalArgumentException("a path pattern starts with / (or is * for all): '" + t + "'");
        }
        StringBuilder tokens = new StringBuilder();
        boolean[] wild = new boolean[t.length()];
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '*') {
                wild[tokens.length()] = true;
                if (i + 1 < t.length() && t.charAt(i + 1) == '*') {
                    tokens.append(ANY);
                    i++;
                } else {
                    tokens.append(ONE_SEGMENT);
                }
            } else {
                tokens.append(c);
            }
        }
        return new Glob(t, tokens, wild);
    }

    public boolean matches(String path) {
        boolean[] at = read(path);
        return at != null && at[tokens.length];
    }

    /**
     * Whether some path equal to {@code prefix} or below it ({@code prefix/…}) matches: after reading
     * either, the pattern can still be completed (literal characters can follow, wildcards match nothing).
     */
    public boolean matchesSomePathUnder(String prefix) {
        return matches(prefix) || read(prefix + "/") != null;
    }

    /**
     * A set of paths as an automaton over the characters that follow a prefix: states are ints,
     * {@link #alphabet()} names every character it tells apart (any other acts as one that is not).
     */
    public interface Shape {
        int start();

        /** The next state, or -1 when no path of the set begins so. */
        int step(int state, char c);

        boolean accepts(int state);

        String alphabet();
    }

    /**
     * Whether the pattern matches some path {@code prefix + rest} whose {@code rest} is in {@code shape}
     * ({@code inShape} true) or is not ({@code inShape} false): a search over the pattern positions and
     * the shape's state together, each character standing for all the characters that act alike. Paths
     * with an empty segment ({@code //}), which no client sends, are not counted.
     */
    public boolean matchesSomePath(String prefix, Shape shape, boolean inShape) {
        boolean[] first = read(prefix);
        if (first == null) {
            return false;
        }
        StringBuilder letters = new StringBuilder(shape.alphabet()).append('/');
        for (int i = 0; i < tokens.length; i++) {
            if (!wild[i]) {
                letters.append(tokens[i]);
            }
        }
        char other = 'a';
        while (letters.indexOf(String.valueOf(other)) >= 0) {
            other++;
        }
        letters.append(other);
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
        todo.add(new Object[] {first, shape.start(), prefix.endsWith("/")});
        while (!todo.isEmpty()) {
            Object[] state = todo.removeFirst();
            boolean[] at = (boolean[]) state[0];
            int s = (int) state[1];
            boolean afterSlash = (boolean) state[2];
            if (!seen.add(java.util.Arrays.toString(at) + s + afterSlash)) {
                continue;
            }
            if (at[tokens.length] && (s >= 0 && shape.accepts(s)) == inShape) {
                return true;
            }
            for (int k = 0; k < letters.length(); k++) {
                char c = letters.charAt(k);
                boolean[] next = afterSlash && c == '/' ? null : step(at, c);
                if (next != null) {
                    todo.add(new Object[] {next, s < 0 ? -1 : shape.step(s, c), c == '/'});
                }
            }
        }
        return false;
    }

    /** The pattern positions reading {@code path} can stand at, or null when it cannot match any longer. */
    private boolean[] read(String path) {
        boolean[] at = new boolean[tokens.length + 1]; // the pattern positions the path read so far can stand at
        at[0] = true;
        skipWildcards(at);
        for (int p = 0; p < path.length() && at != null; p++) {
            at = step(at, path.charAt(p));
        }
        return at;
    }

    /** The positions after reading {@code c} from {@code at}, or null when none. */
    private boolean[] step(boolean[] at, char c) {
        int m = tokens.length;
        boolean[] next = new boolean[m + 1];
        boolean any = false;
        for (int i = 0; i < m; i++) {
            if (!at[i]) {
                continue;
            }
            if (!wild[i]) {
                if (tokens[i] == c) {
                    next[i + 1] = true;
                    any = true;
                }
            } else if (tokens[i] == ANY || c != '/') {
                next[i] = true; // the wildcard takes this character too
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        skipWildcards(next);
        return next;
    }

    /** A wildcard may match nothing: standing before one is standing after it too. */
    private void skipWildcards(boolean[] at) {
        for (int i = 0; i < tokens.length; i++) {
            if (at[i] && wild[i]) {
                at[i + 1] = true;
            }
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
