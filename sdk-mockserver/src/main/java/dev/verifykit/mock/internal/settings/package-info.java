/** The settings mechanism behind the public settings classes: one descriptor per setting, immutable values, checks and flags. */
package dev.verifykit.mock.internal.settings;
