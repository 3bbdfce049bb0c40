package dev.rewind.bus.internal.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.Collection;
import java.util.UUID;

/**
 * Writes one binary record of the wire protocol: big-endian integers, length-prefixed UTF-8 strings and bytes. A
 * plain growing array, not a {@code ByteArrayOutputStream}, whose every byte written takes a lock: records are
 * written for every request, reply and published event.
 */
public final class WireWriter {

    private byte[] buffer;
    private int size;

    public WireWriter(int expectedSize) {
        this.buffer = new byte[Math.max(0, expectedSize)];
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    public WireWriter writeLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public WireWriter writeInt(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public WireWriter writeByte(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public WireWriter writeUuid(UUID id) {
        return writeLong(id.getMostSignificantBits()).writeLong(id.getLeastSignificantBits());
    }

    /** A string as int32 byte length and UTF-8 bytes; null as length -1. */
    public WireWriter writeString(String text) {
        if (text == null) {
            return writeInt(-1);
        }
        return writeBytes(text.getBytes(UTF_8));
    }

    /** Bytes as int32 length and the bytes. */
    public WireWriter writeBytes(byte[] bytes) {
        writeInt(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
        return this;
    }

    public WireWriter writeStrings(Collection<String> texts) {
        writeInt(texts.size());
        texts.forEach(this::writeString);
        return this;
    }

    public byte[] toBytes() {
        return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
    }

    public static byte[] longFrame(long value) {
        return new WireWriter(8).writeLong(value).toBytes();
    }

    public static byte[] intFrame(int value) {
        return new WireWriter(4).writeInt(value).toBytes();
    }
}
