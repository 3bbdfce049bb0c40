/** The transfer aggregate, its events, commands and id; no framework types beyond the aggregate base class. */
package dev.rewind.examples.bank.transfers.domain;
