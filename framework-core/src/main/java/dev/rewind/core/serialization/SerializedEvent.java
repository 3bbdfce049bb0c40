package dev.rewind.core.serialization;

/**
 * An event turned into what the store keeps: its stable type name and its payload bytes.
 *
 * @param type the stable type name
 * @param data the payload bytes
 */
public record SerializedEvent(String type, byte[] data) {
}
