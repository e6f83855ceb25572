/** The end-to-end demo, the command-line tool and a webhook receiver. */
package dev.verifykit.examples;
