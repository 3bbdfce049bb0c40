package dev.rewind.bus.internal.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.Collection;
import java.util.UUID;

/** Writes one binary record of the wire protocol: big-endian integers, length-prefixed UTF-8 strings and bytes. */
public final class WireWriter {

    private final ByteArrayOutputStream out;

    public WireWriter(int expectedSize) {
        this.out = new ByteArrayOutputStream(expectedSize);
    }

    public WireWriter writeLong(long value) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return this;
    }

    public WireWriter writeInt(int value) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(value >>> shift);
        }
        return this;
    }

    public WireWriter writeByte(int value) {
        out.write(value);
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
        out.write(bytes, 0, bytes.length);
        return this;
    }

    public WireWriter writeStrings(Collection<String> texts) {
        writeInt(texts.size());
        texts.forEach(this::writeString);
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    public static byte[] longFrame(long value) {
        return new WireWriter(8).writeLong(value).toBytes();
    }

    public static byte[] intFrame(int value) {
        return new WireWriter(4).writeInt(value).toBytes();
    }
}
