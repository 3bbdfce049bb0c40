/** The accounts context's read models. */
package dev.rewind.examples.bank.accounts.projection;
