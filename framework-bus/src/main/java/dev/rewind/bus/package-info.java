/**
 * ZeroMQ transport: the event store hub, remote clients and live subscriptions (being built; see the bus issue).
 */
package dev.rewind.bus;
