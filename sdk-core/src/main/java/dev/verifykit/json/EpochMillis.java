package dev.verifykit.json;

import com.squareup.moshi.JsonQualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@link java.time.Instant} that the wire carries as milliseconds since the epoch (the
 * Roblox RPC's {@code expiresAt}) rather than as ISO-8601 text.
 *
 * <pre>{@code
 * record Pending(String code, @EpochMillis Instant expiresAt) {}
 * }</pre>
 */
@JsonQualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
public @interface EpochMillis {}
