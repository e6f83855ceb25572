package dev.verifykit.examples.cli;

import dev.verifykit.http.ClientBuilder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ParameterException;

/** The rules every command applies to its flags and the variables behind them. */
public final class Flags {
    private Flags() {}

    /** A flag or variable given as an empty string counts as not given: {@code null} then. */
    public static String given(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The value of a flag that must be given, by the flag or its variable.
     *
     * @throws ParameterException a usage error naming both, e.g. "no API key: pass --api-key or set DOCK_API_KEY"
     */
    static String required(CommandSpec spec, String value, String what, String flag, String variable) {
        if (given(value) == null) {
            throw missing(spec, what, flag, variable);
        }
        return value;
    }

    /**
     * The usage error for a value given neither by its flag nor by its variable; when the variable
     * is set, the flag was given empty (a flag overrides its variable), and the error says so.
     */
    static ParameterException missing(CommandSpec spec, String what, String flag, String variable) {
        String fix = given(System.getenv(variable)) == null ? "pass " + flag + " or set " + variable
                : flag + " is empty (leave it out to use " + variable + ")";
        return new ParameterException(spec.commandLine(), "no " + what + ": " + fix);
    }

    /**
     * The builder, set to {@code baseUrl} when one is given by {@code flag} or {@code variable}
     * (else the service's own). The flag typed empty is a usage error rather than the service's
     * own URL: it overrides its variable, and sending the key to production was not what it asked for.
     *
     * @throws ParameterException when {@code flag} was given empty
     */
    public static <B extends ClientBuilder<B>> B atBaseUrl(CommandSpec spec, B builder, String baseUrl,
            String flag, String variable, String service) {
        if (given(baseUrl) != null) {
            return builder.baseUrl(baseUrl);
        }
        if (typed(spec, flag)) {
            throw emptyBaseUrl(spec, flag, variable, service);
        }
        return builder;
    }

    /** The bad usage of a base URL flag typed empty. */
    public static ParameterException emptyBaseUrl(CommandSpec spec, String flag, String variable, String service) {
        String instead = given(System.getenv(variable)) == null ? service + "'s own URL" : variable;
        return new ParameterException(spec.commandLine(), "no base URL: " + flag + " is empty (leave it out to use "
                + instead + ")");
    }

    /** Whether {@code flag} is on the command line, at any level (an inherited flag may be given on a subcommand). */
    private static boolean typed(CommandSpec spec, String flag) {
        for (ParseResult level = spec.root().commandLine().getParseResult(); level != null;
                level = level.subcommand()) {
            if (level.hasMatchedOption(flag)) {
                return true;
            }
        }
        return false;
    }
}
