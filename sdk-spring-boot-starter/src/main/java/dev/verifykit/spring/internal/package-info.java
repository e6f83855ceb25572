/** The starter's conditions and startup error reporting; not an API. */
package dev.verifykit.spring.internal;
