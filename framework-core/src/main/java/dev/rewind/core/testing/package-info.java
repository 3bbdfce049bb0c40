/**
 * Test support shipped to users, free of any test framework: given/when/then fixtures for aggregates,
 * process managers (with a test clock for deadlines) and projectors.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package dev.rewind.core.testing;
