/**
 * ZeroMQ transport, public API: the event store hub ({@link dev.rewind.bus.Hub}, {@link dev.rewind.bus.HubConfig},
 * {@link dev.rewind.bus.HubMain}), the remote client {@link dev.rewind.bus.RemoteEventStore} with gap-free live
 * subscriptions ({@link dev.rewind.bus.RemoteStoreConfig}), CURVE keys and the errors clients see. The remote command
 * bus is in {@code dev.rewind.bus.command}; mechanisms live under {@code dev.rewind.bus.internal} and are not API.
 * The wire protocol is written down in {@code docs/protocol.md}.
 *
 * <p>Every ZeroMQ socket here is owned by exactly one thread; other threads hand it work through queues and a wake-up
 * pipe. Non-null by default.
 */
package dev.rewind.bus;
