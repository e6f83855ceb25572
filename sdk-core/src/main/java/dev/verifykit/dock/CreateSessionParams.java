package dev.verifykit.dock;

import dev.verifykit.error.ValidationException;
import java.util.Optional;
import java.util.regex.Pattern;

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
public final class CreateSessionParams {
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{17,20}");
    private static final int MAX_CLIENT_ID = 128;

    private final String pid;
    private final String clientId;
    private final String guildId;

    private CreateSessionParams(Builder b) {
        this.pid = b.pid;
        this.clientId = b.clientId;
        this.guildId = b.guildId;
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The public identifier attached to your API key. */
    public String pid() {
        return pid;
    }

    /** Your id for the user, session or checkout. */
    public String clientId() {
        return clientId;
    }

    /** The Discord guild, when the flow needs one. */
    public Optional<String> guildId() {
        return Optional.ofNullable(guildId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CreateSessionParams p && p.pid.equals(pid) && p.clientId.equals(clientId)
                && java.util.Objects.equals(p.guildId, guildId);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(pid, clientId, guildId);
    }

    @Override
    public String toString() {
        return "CreateSessionParams{pid=" + pid + ", clientId=" + clientId + ", guildId=" + guildId + "}";
    }

    /** Builds {@link CreateSessionParams}. */
    public static final class Builder {
        private String pid;
        private String clientId;
        private String guildId;

        private Builder() {}

        /** Required: the public identifier attached to your API key. */
        public Builder pid(String value) {
            this.pid = value;
            return this;
        }

        /** Required: your id for the user, at most 128 characters. */
        public Builder clientId(String value) {
            this.clientId = value;
            return this;
        }

        /** Optional: a Discord guild id (a snowflake of 17 to 20 digits). */
        public Builder guildId(String value) {
            this.guildId = value;
            return this;
        }

        /**
         * The parameters.
         *
         * @throws ValidationException naming the first field that breaks a rule
         */
        public CreateSessionParams build() {
            if (pid == null || pid.isBlank()) {
                throw new ValidationException("pid", "is required and must not be blank");
            }
            if (clientId == null || clientId.isBlank()) {
                throw new ValidationException("clientId", "is required and must not be blank");
            }
            if (clientId.length() > MAX_CLIENT_ID) {
                throw new ValidationException("clientId", "must be at most " + MAX_CLIENT_ID + " characters (was "
                        + clientId.length() + ")");
            }
            if (guildId != null && !SNOWFLAKE.matcher(guildId).matches()) {
                throw new ValidationException("guildId", "must be a Discord snowflake of 17 to 20 digits");
            }
            return new CreateSessionParams(this);
        }
    }
}
