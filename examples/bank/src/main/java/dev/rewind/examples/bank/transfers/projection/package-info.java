/** The transfers context's read model: the status of every transfer. */
package dev.rewind.examples.bank.transfers.projection;
