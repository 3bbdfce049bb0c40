/**
 * The transfers bounded context of the sample bank: a transfer moves money between two accounts step by step (debit
 * the source, credit the destination, refund the source if the credit fails) and ends completed or failed.
 */
package dev.rewind.examples.bank.transfers;
