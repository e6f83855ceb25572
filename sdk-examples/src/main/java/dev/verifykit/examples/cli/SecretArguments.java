package dev.verifykit.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The secrets a command line was given, by flag ({@code --api-key}, {@code --secret}, {@code --jwt},
 * also misspelt) or by variable ({@code DOCK_API_KEY}, …), so that an error message never repeats them.
 */
final class SecretArguments {
    private static final Pattern SECRET_FLAG = Pattern.compile("--?[A-Za-z-]*(key|secret|jwt|token|password)[A-Za-z-]*",
            Pattern.CASE_INSENSITIVE);
    /** A key that names a request, not a credential: a failed create shows it, to be sent again. */
    private static final String IDEMPOTENCY_KEY = "--idempotency-key";
    /** A flag that takes no value: the argument after it is not a JWT. */
    private static final String SHOW_JWT = "--show-jwt";
    private static final Pattern SECRET_VARIABLE = Pattern.compile("(DOCK|DOKAI|ROBLOX)_\\w*(KEY|SECRET|JWT)");
    private static final int SHORTEST = 4;

    private final List<String> values;

    private SecretArguments(List<String> values) {
        this.values = values;
    }

    static SecretArguments of(String[] args) {
        return of(args, System.getenv());
    }

    static SecretArguments of(String[] args, Map<String, String> environment) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String[] nameAndValue = args[i].split("=", 2);
            if (!SECRET_FLAG.matcher(nameAndValue[0]).matches() || nameAndValue[0].equals(IDEMPOTENCY_KEY)
                    || nameAndValue[0].equals(SHOW_JWT)) {
                continue;
            }
            if (nameAndValue.length == 2) {
                values.add(nameAndValue[1]);
            } else if (i + 1 < args.length) {
                values.add(args[i + 1]);
            }
        }
        environment.forEach((name, value) -> {
            if (SECRET_VARIABLE.matcher(name).matches()) {
                values.add(value);
            }
        });
        values.removeIf(value -> value.length() < SHORTEST);
        values.sort((a, b) -> b.length() - a.length());
        return new SecretArguments(values);
    }

    /** {@code text} with every secret replaced by {@code [REDACTED]}. */
    String hide(String text) {
        if (text == null) {
            return null;
        }
        String hidden = text;
        for (String value : values) {
            hidden = hidden.replace(value, "[REDACTED]");
        }
        return hidden;
    }
}
