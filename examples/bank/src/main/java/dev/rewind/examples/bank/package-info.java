/**
 * The sample bank: two bounded contexts ({@code accounts}, {@code transfers}) on the embedded store, served as
 * JSON over HTTP by {@link dev.rewind.examples.bank.Main}.
 */
package dev.rewind.examples.bank;
