/** The mock server's implementation; not a public API. */
package dev.verifykit.mock.internal;
