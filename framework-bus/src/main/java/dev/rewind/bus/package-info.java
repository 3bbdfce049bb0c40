/**
 * ZeroMQ transport: the event store hub ({@link dev.rewind.bus.Hub}, {@link dev.rewind.bus.HubMain}), the remote
 * client {@link dev.rewind.bus.RemoteEventStore} with gap-free live subscriptions, the Rewind 0.3 compatible endpoint
 * and CURVE security. The wire protocol is written down in {@code docs/protocol.md}.
 *
 * <p>Every ZeroMQ socket here is owned by exactly one thread; other threads hand it work through queues and a wake-up
 * pipe. Non-null by default.
 */
package dev.rewind.bus;
