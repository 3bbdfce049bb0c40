/** The accounts domain: the account aggregate, its commands, events and rule violations. No framework wiring. */
package dev.rewind.examples.bank.accounts.domain;
