package dev.qualify.connectors.serial;

/**
 * The last bytes received on a port, kept for error messages ("last bytes seen"). Rendered printable: ASCII as is,
 * CR and LF as {@code \r} {@code \n}, everything else as {@code \xNN}. Thread-safe.
 */
public final class ByteTail {
    private final byte[] ring;
    private long total;

    /** @param capacity how many bytes to keep */
    public ByteTail(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be positive");
        this.ring = new byte[capacity];
    }

    /** Notes {@code length} bytes received. */
    public synchronized void add(byte[] bytes, int offset, int length) {
        int from = Math.max(0, length - ring.length);
        for (int i = from; i < length; i++) {
            ring[(int) ((total + i) % ring.length)] = bytes[offset + i];
        }
        total += length;
    }

    /** How many bytes were received in all. */
    public synchronized long total() {
        return total;
    }

    /** The kept bytes, oldest first, escaped; {@code (none)} when nothing was received. */
    public synchronized String render() {
        if (total == 0) return "(none)";
        int kept = (int) Math.min(total, ring.length);
        StringBuilder sb = new StringBuilder("\"");
        if (total > kept) sb.insert(0, "...");
        for (long i = total - kept; i < total; i++) {
            int b = ring[(int) (i % ring.length)] & 0xFF;
            if (b == '\r') sb.append("\\r");
            else if (b == '\n') sb.append("\\n");
            else if (b == '\\') sb.append("\\\\");
            else if (b == '"') sb.append("\\\"");
            else if (b >= 0x20 && b < 0x7F) sb.append((char) b);
            else sb.append(String.format("\\x%02x", b));
        }
        return sb.append('"').toString();
    }
}
