package dev.verifykit.spring.internal;

import dev.verifykit.error.ValidationException;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.beans.BeanWrapperImpl;

/**
 * A {@code verifykit.*} setting refused at startup. The message names the property and the rule,
 * never the value (which may be a secret). {@link InvalidVerifyKitPropertyFailureAnalyzer} turns it
 * into Spring Boot's startup report.
 */
public final class InvalidVerifyKitPropertyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String property;
    private final String rule;

    public InvalidVerifyKitPropertyException(String property, String rule) {
        this(property, rule, null);
    }

    private InvalidVerifyKitPropertyException(String property, String rule, Throwable cause) {
        super(property + ": " + rule, cause);
        this.property = property;
        this.rule = rule;
    }

    /** The refused property, e.g. {@code verifykit.dock.base-url}, or a description of what set the value. */
    public String property() {
        return property;
    }

    /** The rule the value broke. */
    public String rule() {
        return rule;
    }

    /**
     * Builds something from settings bound under {@code prefix}, turning the core's
     * {@link ValidationException} (which names a builder field, e.g. {@code baseUrl}) into one naming
     * the property ({@code <prefix>.base-url}). A field the properties do not bind was set by a
     * customizer, and the message says so.
     *
     * @param prefix where {@code properties} are bound, e.g. {@code verifykit.dock}
     * @param properties the bound object, to tell a property from a customizer's setting
     * @param what what is built, for a customizer's refused setting, e.g. {@code the Dock client}
     */
    public static <T> T translating(String prefix, Object properties, String what, Supplier<T> build) {
        return translating(prefix, properties, what, false, build);
    }

    /**
     * {@link #translating(String, Object, String, Supplier)} for a builder that customizers of the
     * application's had when {@code customized}: then a setting the properties have but left unset was
     * set by one of them (the application never wrote that property), and the message blames them.
     */
    public static <T> T translating(String prefix, Object properties, String what, boolean customized, Supplier<T> build) {
        try {
            return build.get();
        } catch (ValidationException e) {
            String field = e.field();
            String name = properties != null && new BeanWrapperImpl(properties).isWritableProperty(field)
                    && (!customized || setByProperty(properties, field)) ? prefix + "." + kebab(field)
                    : "a customizer of " + what + " (setting " + field + ")";
            // The core's rule never quotes a secret; the cause is kept out of the message, not out of the chain,
            // so the stack trace still shows where the check failed.
            throw new InvalidVerifyKitPropertyException(name, e.rule(), e);
        }
    }

    /** Whether the setting {@code field} of {@code properties} was set (is not null, or cannot be read). */
    private static boolean setByProperty(Object properties, String field) {
        BeanWrapperImpl bound = new BeanWrapperImpl(properties);
        try {
            return !bound.isReadableProperty(field) || bound.getPropertyValue(field) != null;
        } catch (RuntimeException unreadable) { // an element beyond a list's end: not one the properties set
            return false;
        }
    }

    /** {@code maxPollInterval} becomes {@code max-poll-interval}. */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
