package dev.verifykit.error;

/**
 * Input refused by the SDK before any request was sent. Names the field and the rule it broke.
 *
 * <pre>{@code
 * try {
 *     CreateSessionParams.builder().pid(" ").clientId("user_1").build();
 * } catch (ValidationException e) {
 *     e.field(); // "pid"
 *     e.rule();  // "is required and must not be blank"
 * }
 * }</pre>
 */
public class ValidationException extends VerifyKitException {
    private final String field;
    private final String rule;

    /**
     * @param field the parameter or setting that was refused, e.g. {@code "guildId"}
     * @param rule the rule it broke, e.g. {@code "must be a Discord snowflake of 17 to 20 digits"}
     */
    public ValidationException(String field, String rule) {
        super(null, field + ": " + rule, null, null);
        this.field = field;
        this.rule = rule;
    }

    /** The refused parameter or setting. */
    public String field() {
        return field;
    }

    /** The rule the value broke. */
    public String rule() {
        return rule;
    }
}
