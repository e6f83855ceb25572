package dev.verifykit.dock;

import dev.verifykit.error.ValidationException;
import dev.verifykit.internal.Input;
import dev.verifykit.internal.Require;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * What a new Dock session is for. Checked when built, so that a bad value never reaches the
 * service.
 *
 * <pre>{@code
 * CreateSessionParams params = CreateSessionParams.builder()
 *         .pid("PID-ABC12345")
 *         .clientId("user_123")
 *         .guildId("987654321098765432")
 *         .build();
 * }</pre>
 */
@Input
@Value.Immutable
public abstract class CreateSessionParams {
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{17,20}");
    private static final int MAX_CLIENT_ID = 128;

    CreateSessionParams() {}

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Required: the public identifier attached to your API key; no control character, nor white
     * space at its ends.
     */
    public abstract String pid();

    /**
     * Required: your id for the user, session or checkout, at most 128 characters, counted here in
     * Unicode code points (an emoji is one; Dock's documents do not say how it counts, and the
     * reference mock counts code points too).
     */
    public abstract String clientId();

    /** The Discord guild, when the flow needs one: a snowflake of 17 to 20 digits. */
    public abstract Optional<String> guildId();

    @Value.Check
    void check() {
        if (pid() == null || pid().isBlank()) {
            throw new ValidationException("pid", "is required and must not be blank");
        }
        if (clientId() == null || clientId().isBlank()) {
            throw new ValidationException("clientId", "is required and must not be blank");
        }
        Require.wellFormed("pid", pid());
        checkPid(pid());
        Require.wellFormed("clientId", clientId());
        int characters = clientId().codePointCount(0, clientId().length());
        if (characters > MAX_CLIENT_ID) {
            throw new ValidationException("clientId", "must be at most " + MAX_CLIENT_ID + " characters (was "
                    + characters + ")");
        }
        if (guildId().isPresent() && !SNOWFLAKE.matcher(guildId().get()).matches()) {
            throw new ValidationException("guildId", "must be a Discord snowflake of 17 to 20 digits");
        }
    }

    /**
     * A pid as Dock issues it: no control character (a line break read with it from a file or the
     * environment), nor white space at its ends, an invisible one included (a byte order mark, a
     * zero-width space: format characters), which no key's pid has (Dock refuses it 403).
     */
    private static void checkPid(String pid) {
        for (int i = 0; i < pid.length(); i++) {
            char c = pid.charAt(i);
            if (Character.isISOControl(c) || (i == 0 || i == pid.length() - 1)
                    && (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT)) {
                throw new ValidationException("pid", "must not start or end with white space or hold a control"
                        + " character (character " + (i + 1) + " is one)");
            }
        }
    }

    /**
     * Builds {@link CreateSessionParams}; {@link #build()} throws a {@link ValidationException}
     * naming the first field that breaks a rule.
     */
    public static final class Builder extends CreateSessionParamsValue.Builder {
        Builder() {}
    }
}
