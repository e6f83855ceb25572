/**
 * JSON as VerifyKit reads it: one Moshi setup, ISO-8601 and epoch-millisecond instants, and
 * {@link dev.verifykit.json.OpenEnum} for enumerations that must survive values added by a
 * service after this SDK was released.
 */
package dev.verifykit.json;
