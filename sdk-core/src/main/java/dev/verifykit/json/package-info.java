/**
 * JSON values as VerifyKit reads them: {@link dev.verifykit.json.OpenEnum} for enumerations that
 * must survive values added by a service after this SDK was released.
 */
package dev.verifykit.json;
