/**
 * The remote command bus: {@link dev.rewind.bus.command.ZmqCommandServer} serves a write side's command bus to other
 * processes and {@link dev.rewind.bus.command.ZmqCommandGateway} sends commands to it. The frames are in
 * {@code docs/protocol.md}. Non-null by default.
 */
package dev.rewind.bus.command;
