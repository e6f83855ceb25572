/** The mock's Dock v2 verification-session service. */
package dev.verifykit.mock.internal.dock;
