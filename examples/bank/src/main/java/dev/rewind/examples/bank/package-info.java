/**
 * The sample bank: two bounded contexts ({@code accounts}, {@code transfers}) on the embedded H2 store, served as
 * JSON over HTTP by {@link dev.rewind.examples.bank.Main}.
 */
package dev.rewind.examples.bank;
