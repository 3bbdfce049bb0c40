/** The accounts context's registrations: event type names and command routing. */
package dev.rewind.examples.bank.accounts.application;
