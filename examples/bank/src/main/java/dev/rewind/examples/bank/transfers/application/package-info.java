/** Which transfer command goes where, the stable event names, and the process that moves the money. */
package dev.rewind.examples.bank.transfers.application;
