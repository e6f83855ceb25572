/** The README's Spring Boot sample, compiled (ReadmeSnippetsTest in sdk-examples reads this folder) and run by ReadmeSampleTest. */
package dev.verifykit.spring.snippets;
