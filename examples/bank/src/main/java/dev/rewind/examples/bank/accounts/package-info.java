/** The accounts bounded context of the sample bank: open, deposit, withdraw, close; overdrafts refused. */
package dev.rewind.examples.bank.accounts;
